/**
 * The sidebar's views, in order, with their icons: the renderer's view list (views/index.ts) and
 * the sidebar `reclib serve` writes into its page (src-main/serve/first-screen-html.ts) are one list.
 */
export type ViewId = 'recordings' | 'storage' | 'jobs' | 'settings' | 'cleanup' | 'trash' | 'migrate' | 'templates';

/** Each id is also its label's key under nav.*; Recordings is the view a start shows. */
export const VIEW_NAV: readonly { id: ViewId; icon: string }[] = [
  { id: 'recordings', icon: '▤' },
  { id: 'templates', icon: '▦' },
  { id: 'storage', icon: '◔' },
  { id: 'cleanup', icon: '✧' },
  { id: 'trash', icon: '⌫' },
  { id: 'migrate', icon: '⇪' },
  { id: 'jobs', icon: '⟳' },
  { id: 'settings', icon: '⚙' },
];

export const START_VIEW: ViewId = 'recordings';
