// Entry point of the window: styles (the global sheet last, so presentation mode and print override
// the parts), then the app.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import App from './App';
import './components/components.css';
import './grid/grid.css';
import './person/person.css';
import './styles.css';

// In Electron the native menus reach the window through the preload's onMenu; every host then speaks
// the same DOM event that App listens for, so the browser and the desktop behave alike.
const host = (window as unknown as { modpanelHost?: { onMenu?: (callback: (command: string) => void) => () => void } }).modpanelHost;
host?.onMenu?.((command) => window.dispatchEvent(new CustomEvent('modpanel-menu', { detail: command })));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
