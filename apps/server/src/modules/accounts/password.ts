import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../../lib/app-error';

// OWASP's argon2id baseline (argon2id is the library default): 19 MiB, 2 iterations, 1 lane.
const params = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

/** An argon2id hash of a password. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, params);
}

let dummy: Promise<string> | undefined;

/**
 * Checks a password against a stored hash. With no hash (unknown user) it still spends the same
 * time on a dummy hash, so response time does not reveal which e-mails exist.
 */
export async function verifyPassword(stored: string | undefined, password: string): Promise<boolean> {
  if (stored === undefined) {
    dummy ??= hashPassword('kameng-dummy-password');
    await verify(await dummy, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}

/** Refuses a new password equal to the e-mail (length is checked by the request schema). */
export function assertPasswordPolicy(password: string, email: string): void {
  if (password.trim().toLowerCase() === email.toLowerCase() || new Set(password).size < 3) {
    throw new AppError('AUTH_WEAK_PASSWORD');
  }
}
