// Entry point of the window: styles (the global sheet last, so presentation mode and print override
// the parts), then the app.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import App from './App';
import { menuEditTarget } from './components/editGuard';
import { host } from './host';
import { openPanelEarly } from './store';
import './components/components.css';
import './grid/grid.css';
import './person/person.css';
import './styles.css';
// The room (densities, the rail, presentation mode filling the screen) last: it refines the sheets above.
import './grid/room.css';

// In Electron the native menus reach the window through the host's onMenu; every host then speaks the same
// DOM event that App listens for, so the browser and the desktop behave alike. Edit ▸ Undo and Redo pass the
// same guard as the keyboard: typing in a field, they undo the typing (what the standard items' role does);
// with a dialog open, nothing; otherwise the panel's last change. On macOS the menu owns Cmd+Z, so this is the
// path every Cmd+Z takes there.
host.onMenu((command) => {
  if (command === 'undo' || command === 'redo') {
    const target = menuEditTarget();
    if (target === 'text') {
      void host.editText(command);
      return;
    }
    if (target === 'dialog') return;
  }
  window.dispatchEvent(new CustomEvent('modpanel-menu', { detail: command }));
});

// The panel is asked for now, while React sets up, rather than once the first screen has been drawn.
openPanelEarly();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
