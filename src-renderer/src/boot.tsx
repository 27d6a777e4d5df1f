/**
 * The app itself: React, the stores and the first render. main.tsx loads it with a dynamic import,
 * so the page's static first screen (reclib serve) can paint before this chunk is evaluated.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { i18nReady } from './i18n';
import { App } from './App';
import { adoptCarriedUiSettings } from './store/uiSettings';

adoptCarriedUiSettings();

// The page of `reclib serve` may bring the first screen as HTML (src-main/serve/first-screen-html.ts):
// the browser paints it in the next frame, before the app's first render takes the main thread.
// createRoot then replaces it (React empties #root at its first commit, with the same rows in place).
// A hidden tab paints no frames: it mounts at once.
const framePainted =
  document.querySelector('#root > [data-ssr]') && document.visibilityState === 'visible' ? new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))) : Promise.resolve();

const root = document.getElementById('root');
// The first language's messages are a chunk of their own, fetched while this script ran.
if (root) void Promise.all([i18nReady, framePainted]).then(() => createRoot(root).render(<StrictMode><App /></StrictMode>));
