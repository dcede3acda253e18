/**
 * `port42 audit [--since DURATION] [--profile P] [--json]`: the releases recorded in the audit
 * trail — an aligned table on a terminal, tab-separated rows when piped, a JSON array with --json.
 */
import type { Context } from '../context.ts';
import { note } from '../context.ts';
import { booleanOption, stringOption, type ParsedArgs } from '../cli/args.ts';
import { parseDuration, readAuditTrail } from '../audit/read.ts';
import { auditPath, type AuditRecord } from '../audit/record.ts';
import { renderAligned, renderTsv } from '../audit/table.ts';

const HEADER = ['TIME', 'VERB', 'PROFILE', 'CONSUMER', 'CWD', 'URL'] as const;

function consumerCell(record: AuditRecord): string {
  return record.consumer.name === undefined ? String(record.consumer.pid) : `${record.consumer.name}[${record.consumer.pid}]`;
}

function cells(record: AuditRecord, home: string, forPeople: boolean): string[] {
  // People get seconds and ~; scripts get the exact values.
  const time = forPeople ? record.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : record.time;
  const cwd =
    forPeople && home && (record.cwd === home || record.cwd.startsWith(home + '/')) ? '~' + record.cwd.slice(home.length) : record.cwd;
  return [
    time,
    record.event ? `${record.verb} (${record.event})` : record.verb,
    record.profile,
    consumerCell(record),
    cwd,
    record.url ?? '-',
  ];
}

/** Runs `audit`. Throws usage error (exit 2) for a bad --since. */
export async function runAudit(ctx: Context, args: ParsedArgs): Promise<number> {
  const sinceText = stringOption(args, 'since');
  const since = sinceText === undefined ? undefined : ctx.now() - parseDuration(sinceText);
  // Only an explicit --profile filters: PORT42_PROFILE or a .port42.toml choose, they don't filter.
  const profile = stringOption(args, 'profile');
  const { records, skipped } = await readAuditTrail(ctx);
  const shown = records.filter(
    (r) => (since === undefined || Date.parse(r.time) >= since) && (profile === undefined || r.profile === profile),
  );
  if (skipped > 0) note(ctx, `skipped ${skipped} line${skipped > 1 ? 's' : ''} of ${auditPath(ctx)} that are not audit records`);
  if (booleanOption(args, 'json')) {
    ctx.stdout.write(JSON.stringify(shown, null, 2) + '\n');
  } else if (ctx.stdout.isTTY) {
    ctx.stdout.write(
      renderAligned(
        HEADER,
        shown.map((r) => cells(r, ctx.home, true)),
      ),
    );
    if (shown.length === 0)
      note(ctx, `no releases recorded${sinceText ? ` in the last ${sinceText}` : ''}${profile ? ` for profile "${profile}"` : ''}`);
  } else {
    ctx.stdout.write(renderTsv(shown.map((r) => cells(r, ctx.home, false))));
  }
  return 0;
}
