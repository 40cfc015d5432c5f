/** Conversions between ISO timestamps and the value of an `<input type="datetime-local">` (local time). */

const pad = (n: number) => String(n).padStart(2, '0');

/** '2026-05-01T08:00:00.000Z' → '2026-05-01T16:00' in UTC+8; '' for null or an invalid date. */
export function isoToLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` +
    `T${pad(d.getHours())}:${pad(d.getMinutes())}`
  );
}

/** '2026-05-01T16:00' (local) → ISO with offset Z; null for '' or an invalid value. */
export function localInputToIso(value: string | null | undefined): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** '2026-05-01' (a local calendar day from `<input type="date">`) → the ISO instant of its local midnight,
 * `addDays` days later (1 gives the exclusive end of that day); null for '' or an invalid value. */
export function localDateToIso(value: string | null | undefined, addDays = 0): string | null {
  if (!value) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + addDays);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
