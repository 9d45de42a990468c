/** Pure: the reader's local days (yyyy-mm-dd from date inputs) as the ISO times the audit query filters by. */
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function localMidnight(day: string): Date | null {
  if (!DAY.test(day)) return null;
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const at = new Date(y, m - 1, d);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** From the start of `from` to the end of `to` (both inclusive days); either may be absent. */
export function dayRange(from: string | null, to: string | null): { from?: string; to?: string } {
  const start = from ? localMidnight(from) : null;
  const end = to ? localMidnight(to) : null;
  if (end) end.setDate(end.getDate() + 1);
  return { ...(start ? { from: start.toISOString() } : {}), ...(end ? { to: end.toISOString() } : {}) };
}
