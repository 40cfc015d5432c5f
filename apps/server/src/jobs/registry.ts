import type { JobDef } from './define-job';
import { settleDueJob } from '../modules/finance/jobs/settle-due-job';
import { maintenanceJob } from './maintenance';
import { queryPaymentsJob } from '../modules/payments/jobs/query-payments-job';
import { refundDuplicateJob } from '../modules/payments/jobs/refund-duplicate-job';
import { sandboxNotifyJob } from '../modules/payments/sandbox/notify-job';
import { sendEmailJob } from '../modules/notifications/send-email-job';
import { expireOrdersJob } from '../modules/orders/jobs/expire-orders-job';
import { sandboxDeliverJob } from '../modules/docking/jobs/sandbox-deliver-job';

/** Every job the worker runs. Each domain adds its jobs here. */
export const jobs: JobDef[] = [
  maintenanceJob,
  settleDueJob,
  expireOrdersJob,
  sendEmailJob,
  queryPaymentsJob,
  refundDuplicateJob,
  sandboxNotifyJob,
  sandboxDeliverJob,
];

/** Recurring jobs (graphile-worker crontab syntax). */
export const crontab = [
  `0 * * * * ${maintenanceJob.name}`,
  `*/10 * * * * ${settleDueJob.name}`,
  `* * * * * ${expireOrdersJob.name}`,
  `* * * * * ${queryPaymentsJob.name}`,
].join('\n');
