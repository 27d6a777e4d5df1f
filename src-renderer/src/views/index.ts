import type { ComponentType } from 'react';
import { CleanupView } from './cleanup/CleanupView';
import { JobsView } from './jobs/JobsView';
import { MigrateView } from './migrate/MigrateView';
import { RecordingsView } from './recordings/RecordingsView';
import { SettingsView } from './settings/SettingsView';
import { StorageView } from './storage/StorageView';
import { TemplatesView } from './templates/TemplatesView';
import { TrashView } from './trash/TrashView';

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
