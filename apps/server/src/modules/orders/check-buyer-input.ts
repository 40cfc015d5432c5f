import type { InputField } from '@kameng/shared';
import { AppError } from '../../lib/app-error';
import { safePattern } from '../catalog/pattern-safety';

const patterns = {
  email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
  phone: /^\+?[0-9][0-9 -]{4,19}$/,
  qq: /^[1-9][0-9]{4,11}$/,
  number: /^-?[0-9]+(\.[0-9]+)?$/,
};

/**
 * Checks the buyer's answers against the product's input fields (required, type, the merchant's
 * regex) and returns them trimmed; unknown fields are refused. ORDER_INPUT_INVALID names the field.
 */
export function checkBuyerInput(fields: InputField[], input: Record<string, string>): Record<string, string> {
  const known = new Set(fields.map((f) => f.name));
  for (const name of Object.keys(input)) {
    if (!known.has(name)) throw new AppError('ORDER_INPUT_INVALID', { field: name, reason: 'unknown' });
  }
  const out: Record<string, string> = {};
  for (const f of fields) {
    const raw = input[f.name];
    const value = typeof raw === 'string' ? raw.trim() : '';
    if (!value) {
      if (f.required) throw new AppError('ORDER_INPUT_INVALID', { field: f.name, reason: 'required' });
      continue;
    }
    const typed = f.type === 'email' || f.type === 'phone' || f.type === 'number' ? patterns[f.type] : null;
    if (typed && !typed.test(value)) {
      throw new AppError('ORDER_INPUT_INVALID', { field: f.name, reason: 'type' });
    }
    // A pattern not known to be safe (see pattern-safety) is not run: it could stall the server.
    const pattern = f.regex ? safePattern(f.regex) : undefined;
    if (pattern && !pattern.test(value)) {
      throw new AppError('ORDER_INPUT_INVALID', { field: f.name, reason: 'pattern' });
    }
    out[f.name] = value;
  }
  return out;
}

/** Checks and normalises the buyer's contact for its kind (e-mail lower-cased). */
export function checkContact(kind: 'email' | 'phone' | 'qq', contact: string): string {
  const value = contact.trim();
  if (!patterns[kind].test(value) || value.length > 254) {
    throw new AppError('ORDER_INPUT_INVALID', { field: 'contact', reason: kind });
  }
  return kind === 'email' ? value.toLowerCase() : value.replace(/[ -]/g, '');
}
