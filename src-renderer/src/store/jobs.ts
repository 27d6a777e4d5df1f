import { create } from 'zustand';
import type { JobInfo } from '@shared/jobs';
import { api, onEvent } from '../api/client';

interface JobsState {
  jobs: Map<number, JobInfo>;
  load(): Promise<void>;
  upsert(job: JobInfo): void;
}

export const useJobs = create<JobsState>((set, get) => ({
  jobs: new Map(),
  load: async () => {
    const list = await api['jobs:list']({ limit: 100 });
    const jobs = new Map(get().jobs);
    for (const j of list) jobs.set(j.id, j);
    set({ jobs });
  },
  upsert: (job) => {
    const jobs = new Map(get().jobs);
    jobs.set(job.id, job);
    set({ jobs });
  },
}));

onEvent('job:progress', (job) => useJobs.getState().upsert(job));

export function sortedJobs(jobs: Map<number, JobInfo>): JobInfo[] {
  return [...jobs.values()].sort((a, b) => b.id - a.id);
}
