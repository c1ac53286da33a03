import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { claimTab } from './lib/tabs';
import './styles/base.css';
import './styles/forms.css';
import './styles/components.css';
import './styles/heatmap.css';
import './styles/narrow.css';

// The tab's id is settled first: the training worker is named after it.
await claimTab().catch(() => undefined);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
