/** Calendar months in UTC: the providers' cost buckets are UTC days, so months are too. */
import { usageError } from '../errors.ts';

/** One calendar month, UTC. */
export interface Month {
  /** `YYYY-MM`. */
  readonly label: string;
  /** First millisecond (ms since the epoch). */
  readonly start: number;
  /** First millisecond of the next month (exclusive end). */
  readonly end: number;
}

function make(year: number, monthIndex: number): Month {
  const start = Date.UTC(year, monthIndex, 1);
  const end = Date.UTC(year, monthIndex + 1, 1);
  return { label: new Date(start).toISOString().slice(0, 7), start, end };
}

/** The month that contains this time. */
export function monthOf(time: number): Month {
  const date = new Date(time);
  return make(date.getUTCFullYear(), date.getUTCMonth());
}

/** Parses `YYYY-MM`. Throws a usage error (exit 2) for anything else. */
export function parseMonth(text: string): Month {
  const match = /^(\d{4})-(\d{2})$/.exec(text.trim());
  const month = Number(match?.[2]);
  if (!match || month < 1 || month > 12) {
    throw usageError(`--month takes a month as YYYY-MM (for example 2026-11), not "${text}"`, 'port42 usage --month 2026-11');
  }
  return make(Number(match[1]), month - 1);
}
