/**
 * A calendar day written YYYY-MM-DD that exists (no 2026-02-30, no 0000-00-00), between the years 1900 and 9999.
 * The pattern alone let such strings reach handlers that turn them into Dates and crash (found by the schema-valid
 * fuzzer, issue 11 §2); every day the API accepts goes through this one rule.
 */
export function isCalendarDay(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || mo < 1 || mo > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= days;
}
