import type { ComponentType } from 'react';
import { lazyNamed } from '../lib/lazy';
import { RecordingsView } from './recordings/RecordingsView';

/*
 * Only the first screen (Recordings) is in the page's first script; every other view is its own
 * chunk, fetched when it is opened, so a cold start parses and runs less before the first row.
 */
const CleanupView = lazyNamed(() => import('./cleanup/CleanupView'), 'CleanupView');
const JobsView = lazyNamed(() => import('./jobs/JobsView'), 'JobsView');
const MigrateView = lazyNamed(() => import('./migrate/MigrateView'), 'MigrateView');
const SettingsView = lazyNamed(() => import('./settings/SettingsView'), 'SettingsView');
const StorageView = lazyNamed(() => import('./storage/StorageView'), 'StorageView');
const TemplatesView = lazyNamed(() => import('./templates/TemplatesView'), 'TemplatesView');
const TrashView = lazyNamed(() => import('./trash/TrashView'), 'TrashView');

export type ViewId = 'recordings' | 'storage' | 'jobs' | 'settings' | 'cleanup' | 'trash' | 'migrate' | 'templates';

export interface ViewDef {
  /** Also the view's label key under nav.* */
  id: ViewId;
  icon: string;
  component: ComponentType;
}

/** The sidebar's views, in order; each capability adds its own. */
export const views: ViewDef[] = [
  { id: 'recordings', icon: '▤', component: RecordingsView },
  { id: 'templates', icon: '▦', component: TemplatesView },
  { id: 'storage', icon: '◔', component: StorageView },
  { id: 'cleanup', icon: '✧', component: CleanupView },
  { id: 'trash', icon: '⌫', component: TrashView },
  { id: 'migrate', icon: '⇪', component: MigrateView },
  { id: 'jobs', icon: '⟳', component: JobsView },
  { id: 'settings', icon: '⚙', component: SettingsView },
];
