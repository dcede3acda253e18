/** Reads the audit trail back (both generations), for `port42 audit` and `port42 usage`. */
import type { Context } from '../context.ts';
import { readNoFollow } from '../files/no-follow.ts';
import { privateStateDir } from '../files/state-dir.ts';
import { usageError } from '../errors.ts';
import { AUDIT_MAX_BYTES, auditPath, type AuditRecord } from './record.ts';

/** The records of both generations, oldest first, and how many lines could not be read. */
export interface AuditTrail {
  readonly records: AuditRecord[];
  /** Lines that are not audit records (a write cut short by a crash, a hand edit). */
  readonly skipped: number;
}

function isRecord(value: unknown): value is AuditRecord {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  const consumer = r.consumer as Record<string, unknown> | null | undefined;
  return (
    r.v === 1 &&
    typeof r.time === 'string' &&
    Number.isFinite(Date.parse(r.time)) &&
    typeof r.verb === 'string' &&
    typeof r.profile === 'string' &&
    typeof r.cwd === 'string' &&
    typeof consumer === 'object' &&
    consumer !== null &&
    typeof consumer.pid === 'number' &&
    (consumer.name === undefined || typeof consumer.name === 'string') &&
    (r.url === undefined || typeof r.url === 'string')
  );
}

/** Parses the text of one generation. */
export function parseAuditText(text: string): AuditTrail {
  const records: AuditRecord[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const value: unknown = JSON.parse(line);
      if (isRecord(value)) records.push(value);
      else skipped++;
    } catch {
      skipped++;
    }
  }
  return { records, skipped };
}

/** Reads `audit.jsonl.1` then `audit.jsonl`; missing files are empty. Sorted by time (stable). */
export async function readAuditTrail(ctx: Context): Promise<AuditTrail> {
  const path = auditPath(ctx);
  const records: AuditRecord[] = [];
  let skipped = 0;
  await privateStateDir(ctx);
  for (const file of [`${path}.1`, path]) {
    // Each generation stays under the rotation size; a few lines past it are a race, not more.
    const parsed = parseAuditText((await readNoFollow(ctx.fs, file, { maxBytes: 4 * AUDIT_MAX_BYTES })) ?? '');
    records.push(...parsed.records);
    skipped += parsed.skipped;
  }
  // Concurrent writers may land a few milliseconds out of order; ISO UTC strings sort as times.
  records.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  return { records, skipped };
}

const UNITS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Milliseconds for `30m`, `12h`, `7d`, `2w`. Throws a usage error (exit 2) for anything else. */
export function parseDuration(text: string, option = '--since'): number {
  const match = /^([1-9][0-9]{0,5})([mhdw])$/.exec(text.trim());
  const unit = match ? UNITS[match[2] ?? ''] : undefined;
  if (!match || unit === undefined) {
    throw usageError(`${option} takes a duration such as 30m, 12h, 7d or 2w, not "${text}"`, 'port42 audit --since 7d');
  }
  return Number(match[1]) * unit;
}
