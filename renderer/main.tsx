// Entry point of the window: styles (the global sheet last, so presentation mode and print override
// the parts), then the app.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import App from './App';
import './components/components.css';
import './grid/grid.css';
import './person/person.css';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
