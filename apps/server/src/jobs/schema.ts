import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** The job workers alive in any Kameng process, and when each last said so (see jobs/liveness.ts). */
export const workerHeartbeats = pgTable('worker_heartbeats', {
  workerId: text('worker_id').primaryKey(),
  seenAt: timestamp('seen_at', { withTimezone: true }).notNull(),
});
