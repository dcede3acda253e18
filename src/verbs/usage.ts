/**
 * `port42 usage [profile] [--month YYYY-MM] [--json]`: per profile, how many times its secret was
 * released that month (from the audit trail) and, with an admin key, what the provider says the
 * organization spent (cached for an hour), against the profile's `budget_usd`.
 */
import type { Context } from '../context.ts';
import type { Config, Profile } from '../config/types.ts';
import { note } from '../context.ts';
import { booleanOption, stringOption, type ParsedArgs } from '../cli/args.ts';
import { loadConfig } from '../config/load.ts';
import { Port42Error } from '../errors.ts';
import { profileByName } from '../profiles/profile.ts';
import { baseUrlOf } from '../sources/api-key.ts';
import { openStore } from '../stores/open-store.ts';
import { accountFor, type SecretStore } from '../stores/types.ts';
import { readAuditTrail } from '../audit/read.ts';
import { renderAligned, renderTsv } from '../audit/table.ts';
import { fetchMonthCost, hasCostApi } from '../usage/cost-api.ts';
import { isFresh, readCostCache, writeCostCache } from '../usage/cost-cache.ts';
import { budgetWarning } from '../usage/budget.ts';
import { monthOf, parseMonth, type Month } from '../usage/month.ts';
import { hostOf, whileWaiting } from '../terminal/waiting.ts';

/** What is known about a profile's cost for the month. */
type Cost =
  | { readonly status: 'ok'; readonly usd: number; readonly asOf: number }
  | { readonly status: 'unknown'; readonly detail: string; readonly hint?: string }
  | { readonly status: 'no-admin-key' }
  | { readonly status: 'unsupported' };

interface Row {
  readonly name: string;
  readonly profile: Profile | undefined;
  readonly releases: number;
  readonly cost: Cost;
}

function countReleases(records: readonly { time: string; profile: string; event?: string }[], month: Month): Map<string, number> {
  const counts = new Map<string, number>();
  for (const record of records) {
    // A proxy session is one release: its start line counts, its end line does not.
    if (record.event === 'end') continue;
    const time = Date.parse(record.time);
    if (time >= month.start && time < month.end) counts.set(record.profile, (counts.get(record.profile) ?? 0) + 1);
  }
  return counts;
}

/** The profiles to list: the config's own (or, with none, the built-ins that matter), plus names the trail still has. */
function profilesToList(config: Config, counts: ReadonlyMap<string, number>): (Profile | string)[] {
  const all = [...config.profiles.values()];
  const explicit = all.filter((p) => !p.implicit);
  const listed: (Profile | string)[] = explicit.length > 0 ? explicit : all.filter((p) => counts.has(p.name) || hasCostApi(p.provider.id));
  for (const name of counts.keys()) if (!config.profiles.has(name)) listed.push(name); // removed since
  return listed;
}

async function costOf(ctx: Context, store: () => Promise<SecretStore>, profile: Profile, month: Month): Promise<Cost> {
  if (!hasCostApi(profile.provider.id)) return { status: 'unsupported' };
  let adminKey: string | undefined;
  try {
    adminKey = await (await store()).get(accountFor.admin(profile.name));
  } catch (error) {
    if (!(error instanceof Port42Error)) throw error;
    return { status: 'unknown', detail: error.message, hint: 'port42 doctor' };
  }
  if (adminKey === undefined) return { status: 'no-admin-key' };
  const now = ctx.now();
  const cached = await readCostCache(ctx, profile.name, month.label);
  if (cached && isFresh(cached, now)) return { status: 'ok', usd: cached.usd, asOf: cached.fetchedAt };
  const result = await whileWaiting(ctx, `asking ${hostOf(baseUrlOf(profile))} for the cost of "${profile.name}"`, () =>
    fetchMonthCost(ctx.fetch, profile.provider.id, baseUrlOf(profile), adminKey, month, now),
  );
  if (result.status === 'unknown') {
    return { status: 'unknown', detail: result.detail, ...(result.rejected ? { hint: `port42 auth login ${profile.name} --admin` } : {}) };
  }
  const usd = Math.round(result.usd * 1e6) / 1e6;
  try {
    await writeCostCache(ctx, { v: 1, profile: profile.name, provider: profile.provider.id, month: month.label, usd, fetchedAt: now });
  } catch (error) {
    note(ctx, `warning: could not cache the cost of "${profile.name}" (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return { status: 'ok', usd, asOf: now };
}

function budgetCell(row: Row): string {
  const budget = row.profile?.budgetUsd;
  if (budget === undefined) return '-';
  return row.cost.status === 'ok' ? `$${budget} (${Math.floor((row.cost.usd / budget) * 100)} %)` : `$${budget}`;
}

function cells(row: Row): string[] {
  const cost = row.cost.status === 'ok' ? `$${row.cost.usd.toFixed(2)}` : row.cost.status === 'unknown' ? 'unknown' : '-';
  return [row.name, row.profile?.provider.id ?? '-', String(row.releases), cost, budgetCell(row)];
}

function toJson(row: Row, month: Month): Record<string, unknown> {
  const budget = row.profile?.budgetUsd;
  const usd = row.cost.status === 'ok' ? row.cost.usd : null;
  return {
    profile: row.name,
    provider: row.profile?.provider.id ?? null,
    month: month.label,
    releases: row.releases,
    cost_status: row.cost.status,
    cost_usd: usd,
    cost_as_of: row.cost.status === 'ok' ? new Date(row.cost.asOf).toISOString() : null,
    cost_detail: row.cost.status === 'unknown' ? row.cost.detail : null,
    budget_usd: budget ?? null,
    budget_used_percent: budget !== undefined && usd !== null ? Math.round((usd / budget) * 1000) / 10 : null,
  };
}

/** Runs `usage`. Throws usage error (exit 2) for a bad --month, config error (3) for an unknown profile. */
export async function runUsage(ctx: Context, args: ParsedArgs): Promise<number> {
  const monthText = stringOption(args, 'month');
  const month = monthText === undefined ? monthOf(ctx.now()) : parseMonth(monthText);
  const config = await loadConfig(ctx);
  const named = args.positionals[0] ?? stringOption(args, 'profile');
  const { records } = await readAuditTrail(ctx);
  const counts = countReleases(records, month);
  const listed = named === undefined ? profilesToList(config, counts) : [profileByName(config, named)];
  let opened: Promise<SecretStore> | undefined;
  const store = () => (opened ??= openStore(ctx, config.store));
  const rows: Row[] = [];
  for (const item of listed) {
    const profile = typeof item === 'string' ? undefined : item;
    const name = typeof item === 'string' ? item : item.name;
    const cost: Cost = profile ? await costOf(ctx, store, profile, month) : { status: 'unsupported' };
    rows.push({ name, profile, releases: counts.get(name) ?? 0, cost });
  }
  if (booleanOption(args, 'json'))
    ctx.stdout.write(
      JSON.stringify(
        rows.map((r) => toJson(r, month)),
        null,
        2,
      ) + '\n',
    );
  else if (ctx.stdout.isTTY)
    ctx.stdout.write(renderAligned(['PROFILE', 'PROVIDER', 'RELEASES', `COST ${month.label}`, 'BUDGET'], rows.map(cells)));
  else ctx.stdout.write(renderTsv(rows.map(cells)));
  const withoutKey: string[] = [];
  for (const row of rows) {
    if (row.cost.status === 'unknown') {
      note(ctx, `cost of "${row.name}" unknown: ${row.cost.detail}`);
      if (row.cost.hint) ctx.stderr.write(`  run: ${row.cost.hint}\n`);
    } else if (row.cost.status === 'ok' && row.profile?.budgetUsd !== undefined) {
      const warning = budgetWarning(row.name, row.cost.usd, row.profile.budgetUsd, month.label, row.cost.asOf);
      if (warning) ctx.stderr.write(`port42: ${warning}\n`);
    } else if (row.cost.status === 'no-admin-key' && (named !== undefined || !row.profile?.implicit)) {
      withoutKey.push(row.name);
    }
  }
  if (withoutKey.length > 0) {
    note(ctx, `no admin key for ${withoutKey.map((n) => `"${n}"`).join(', ')}: cost not shown`);
    ctx.stderr.write(`  run: port42 auth login ${withoutKey.length === 1 ? withoutKey[0] : '<profile>'} --admin\n`);
  }
  return 0;
}
