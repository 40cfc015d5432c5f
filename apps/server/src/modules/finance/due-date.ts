/**
 * The calendar date (yyyy-mm-dd) of `at` in time zone `tz`. Settlement dates are calendar days of
 * the platform's zone, not UTC: 2026-01-31 23:30 in Shanghai is 15:30 UTC but still January 31st.
 */
export function localDate(at: Date, tz: string): string {
  let format = formats.get(tz);
  if (!format) {
    // en-CA formats as yyyy-mm-dd. Building a formatter costs far more than using one: kept per zone.
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formats.set(tz, format);
  }
  return format.format(at);
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** `date` (yyyy-mm-dd) plus `days` calendar days; pure date arithmetic, so month and year ends roll over. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The date a payment made at `paidAt` settles with a T+`days` cycle counted in `tz` (T+0: the same day). */
export function settlementDueOn(paidAt: Date, tz: string, days: number): string {
  return addDays(localDate(paidAt, tz), days);
}
