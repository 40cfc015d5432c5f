import type { JobDef } from './define-job';
import { maintenanceJob } from './maintenance';

/** Every job the worker runs. Each domain adds its jobs here. */
export const jobs: JobDef[] = [maintenanceJob];

/** Recurring jobs (graphile-worker crontab syntax). */
export const crontab = `0 * * * * ${maintenanceJob.name}`;
