import type { Logger } from 'pino';
import type { DbOrTx } from '../../db/client';
import { preparedInsert } from '../../db/prepared';
import { apiCalls } from './schema';

/** One call-log row (api_calls). */
export type ApiCallRow = typeof apiCalls.$inferInsert;

/**
 * Appends a call-log row without making the caller wait: the insert runs in the background on the
 * pool and a failure is only logged (the answer has already been sent; losing one log row under a
 * database outage is accepted, delaying or failing API answers for it is not).
 */
export function recordApiCall(db: DbOrTx, log: Logger, row: ApiCallRow): void {
  insertCall(db, row).then(
    () => undefined,
    (err: unknown) => log.error({ err }, 'api call log insert failed'),
  );
}

const insertCall = preparedInsert('api_call_insert', apiCalls);
