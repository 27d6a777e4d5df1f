import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { i18nReady } from './i18n';
import './theme';
import { App } from './App';
import { adoptCarriedUiSettings } from './store/uiSettings';
import './styles.css';

adoptCarriedUiSettings();

const root = document.getElementById('root');
// The first language's messages are a chunk of their own, fetched while this script ran.
if (root) void i18nReady.then(() => createRoot(root).render(<StrictMode><App /></StrictMode>));
