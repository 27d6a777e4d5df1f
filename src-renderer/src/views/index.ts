import { type ComponentType, lazy } from 'react';
import { type ViewId, VIEW_NAV } from '@shared/views';
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

export type { ViewId } from '@shared/views';

export interface ViewDef {
  /** Also the view's label key under nav.* */
  id: ViewId;
  icon: string;
  component: ComponentType;
}

const COMPONENTS: Record<ViewId, ComponentType> = {
  recordings: RecordingsView,
  templates: TemplatesView,
  storage: StorageView,
  cleanup: CleanupView,
  trash: TrashView,
  migrate: MigrateView,
  jobs: JobsView,
  settings: SettingsView,
};

/** The sidebar's views, in order (src-shared/views.ts, which the page of reclib serve draws too); each capability adds its own. */
export const views: ViewDef[] = VIEW_NAV.map((v) => ({ ...v, component: COMPONENTS[v.id] }));
