import { type ComponentType, lazy } from 'react';
import { RecordingsView } from './recordings/RecordingsView';

/*
 * Only the first screen (Recordings) is in the page's first script; every other view is its own
 * chunk, fetched when it is opened, so a cold start parses and runs less before the first row.
 */
const CleanupView = lazy(() => import('./cleanup/CleanupView').then((m) => ({ default: m.CleanupView })));
const JobsView = lazy(() => import('./jobs/JobsView').then((m) => ({ default: m.JobsView })));
const MigrateView = lazy(() => import('./migrate/MigrateView').then((m) => ({ default: m.MigrateView })));
const SettingsView = lazy(() => import('./settings/SettingsView').then((m) => ({ default: m.SettingsView })));
const StorageView = lazy(() => import('./storage/StorageView').then((m) => ({ default: m.StorageView })));
const TemplatesView = lazy(() => import('./templates/TemplatesView').then((m) => ({ default: m.TemplatesView })));
const TrashView = lazy(() => import('./trash/TrashView').then((m) => ({ default: m.TrashView })));

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
