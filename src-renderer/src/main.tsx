/// <reference types="vite/client" />
/**
 * The page's entry: the styles and the theme, then the app as a chunk of its own (boot.tsx). The
 * browser evaluates React and the app in a later task than this one, so a first screen the page
 * brought as HTML (reclib serve) is painted first instead of waiting behind ~100 ms of script.
 */
import './theme';
import './styles.css';

// Every stylesheet of the app in the page's one stylesheet (about 26 kB): the static first screen
// is styled as the app is, with nothing left to arrive with the app's chunks.
import.meta.glob('./**/*.css', { eager: true });

void import('./boot');
