import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n';
import './theme';
import { App } from './App';
import './styles.css';

const root = document.getElementById('root');
if (root) createRoot(root).render(<StrictMode><App /></StrictMode>);
