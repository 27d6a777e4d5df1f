import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n';
import './theme';
import { App } from './App';
import { adoptCarriedUiSettings } from './store/uiSettings';
import './styles.css';

adoptCarriedUiSettings();

const root = document.getElementById('root');
if (root) createRoot(root).render(<StrictMode><App /></StrictMode>);
