import type { JobDef } from './define-job';
import { settleDueJob } from '../modules/finance/jobs/settle-due-job';
import { maintenanceJob } from './maintenance';

/** Every job the worker runs. Each domain adds its jobs here. */
export const jobs: JobDef[] = [maintenanceJob, settleDueJob];

/** Recurring jobs (graphile-worker crontab syntax). */
export const crontab = [`0 * * * * ${maintenanceJob.name}`, `*/10 * * * * ${settleDueJob.name}`].join('\n');
