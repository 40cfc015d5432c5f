import { AppError } from './app-error';
import type { ErrorCode } from '@kameng/shared';

/** A state machine as data: each state lists the states it may move to. */
export type Transitions<S extends string> = Readonly<Record<S, readonly S[]>>;

/** Throws `code` unless `from → to` is declared in `table`. */
export function assertTransition<S extends string>(
  table: Transitions<S>,
  from: S,
  to: S,
  code: ErrorCode = 'CONFLICT',
): void {
  if (!table[from].includes(to)) throw new AppError(code, { from, to });
}

/** States reachable from `start` (for tests: every state reachable, none unknown). */
export function reachable<S extends string>(table: Transitions<S>, start: S): Set<S> {
  const seen = new Set<S>([start]);
  const queue: S[] = [start];
  for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
    for (const next of table[s]) {
      if (!(next in table)) throw new Error(`unknown state ${next}`);
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}
