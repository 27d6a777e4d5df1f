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
  id: ViewId;
  label: string;
  icon: string;
  component: ComponentType;
}

/** The sidebar's views, in order; each capability adds its own. */
export const views: ViewDef[] = [
  { id: 'recordings', label: 'Recordings', icon: '▤', component: RecordingsView },
  { id: 'templates', label: 'Templates', icon: '▦', component: TemplatesView },
  { id: 'storage', label: 'Storage', icon: '◔', component: StorageView },
  { id: 'cleanup', label: 'Cleanup', icon: '✧', component: CleanupView },
  { id: 'trash', label: 'Trash', icon: '⌫', component: TrashView },
  { id: 'migrate', label: 'Migrate', icon: '⇪', component: MigrateView },
  { id: 'jobs', label: 'Jobs', icon: '⟳', component: JobsView },
  { id: 'settings', label: 'Settings', icon: '⚙', component: SettingsView },
];
