/**
 * The notify's fields as flat strings, from the query string and the body (form or JSON). Returns
 * a reason instead when anything is not a plain string (arrays, objects, numbers, booleans such as
 * `sign: true`) or when the query and the body disagree on a field: type confusion never reaches
 * signature checks.
 */
export function notifyFields(
  query: unknown,
  body: unknown,
): { fields: Record<string, string> } | { reason: string } {
  // No prototype: a field named `__proto__` or `constructor` is just a field.
  const fields = Object.create(null) as Record<string, string>;
  for (const source of [query, body]) {
    if (source === undefined || source === null || source === '') continue;
    if (typeof source !== 'object' || Array.isArray(source)) return { reason: 'field_types' };
    for (const [k, v] of Object.entries(source as Record<string, unknown>)) {
      if (typeof v !== 'string') return { reason: 'field_types' };
      if (Object.hasOwn(fields, k) && fields[k] !== v) return { reason: 'field_conflict' };
      fields[k] = v;
    }
  }
  return { fields };
}
