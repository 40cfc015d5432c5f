import { isUniqueViolation } from '../../db/errors';
import { AppError } from '../../lib/app-error';
import type { Ctx } from '../../lib/ctx';
import { assertPasswordPolicy, hashPassword } from './password';
import { users } from './schema';

/** Inserts a user (inside the caller's transaction); a taken e-mail is EMAIL_TAKEN. */
export async function createUser(
  ctx: Ctx,
  input: {
    email: string;
    password: string;
    displayName: string;
    locale?: 'zh-CN' | 'en' | undefined;
    isPlatformAdmin?: boolean;
  },
): Promise<string> {
  assertPasswordPolicy(input.password, input.email);
  const passwordHash = await hashPassword(input.password);
  try {
    const [row] = await ctx.db
      .insert(users)
      .values({
        email: input.email,
        passwordHash,
        displayName: input.displayName,
        locale: input.locale ?? ctx.locale,
        isPlatformAdmin: input.isPlatformAdmin ?? false,
      })
      .returning({ id: users.id });
    return row!.id;
  } catch (err) {
    if (isUniqueViolation(err, 'users_email_key')) throw new AppError('EMAIL_TAKEN');
    throw err;
  }
}
