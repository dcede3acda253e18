/**
 * `port42 auth status [profile...] [--json] [--check]`: every profile's state, offline unless
 * --check. Exits 0 only when every listed profile is usable, else 4; the table is printed either way.
 */
import { note, type Context } from '../context.ts';
import type { Config, Profile } from '../config/types.ts';
import type { SourceStatus } from '../profiles/credential.ts';
import { booleanOption, type ParsedArgs } from '../cli/args.ts';
import { loadConfig } from '../config/load.ts';
import { implicitProfileFor, implicitProfileName, profileByName } from '../profiles/profile.ts';
import { BUILTIN_PROVIDERS } from '../providers/table.ts';
import { openStore } from '../stores/open-store.ts';
import { sourceFor } from '../sources/index.ts';
import { checkKey } from '../providers/check.ts';
import { baseUrlOf } from '../sources/api-key.ts';
import type { SecretStore } from '../stores/types.ts';
import { preloadStore } from '../stores/preloaded.ts';
import { renderStatusJson, renderStatusTable, renderStatusTsv, USABLE_STATES, type StatusRow } from '../status/table.ts';
import { hostOf, whileWaiting } from '../terminal/waiting.ts';

/** Profiles checked at once by --check, and how long each check may take (PORT42_CHECK_TIMEOUT_MS overrides). */
const CHECK_CONCURRENCY = 4;
const CHECK_TIMEOUT_MS = 5000;

function checkTimeoutMs(ctx: Context): number {
  const value = Number(ctx.env.PORT42_CHECK_TIMEOUT_MS);
  return Number.isFinite(value) && value > 0 ? value : CHECK_TIMEOUT_MS;
}

async function statusOf(ctx: Context, config: Config, store: SecretStore, profile: Profile, check: boolean): Promise<SourceStatus> {
  const source = await sourceFor(profile.auth);
  const deps = { ctx, config, store };
  let status = await source.status(deps, profile);
  if (!check || status.state === 'missing' || status.state === 'error' || status.state === 'expired') return status;
  let secret = status.secretForCheck;
  let provider = profile.provider;
  if (secret === undefined && (profile.auth === 'command' || profile.auth === 'oauth')) {
    // --check is online anyway: run the command, or get a live access token (refreshing if due).
    const credential = await source.resolve(deps, profile, { minTtlSeconds: 0 }).catch(() => undefined);
    secret = credential?.secret;
    if (secret === undefined)
      return { ...status, state: 'error', detail: `the ${profile.auth === 'oauth' ? 'token refresh' : 'command'} failed` };
    // An OAuth access token is a bearer token, whatever header the provider's API keys use.
    if (credential?.kind === 'bearer') provider = { ...provider, check: { ...provider.check, auth: 'bearer' } };
  }
  if (secret === undefined && profile.auth !== 'none') return status;
  const verdict = await checkKey(ctx.fetch, provider, baseUrlOf(profile), secret, checkTimeoutMs(ctx));
  const state = verdict.result === 'valid' ? status.state : verdict.result;
  status = { ...status, state, detail: verdict.detail };
  if (state === 'invalid') status = { ...status, hint: `port42 auth login ${profile.name}` };
  return status;
}

async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The implicit profiles of built-in providers the config does not define, reading their variable. */
function implicitExtras(config: Config): Profile[] {
  return BUILTIN_PROVIDERS.filter((p) => !config.profiles.has(p.id))
    .map((p) => implicitProfileFor(p.id))
    .filter((p): p is Profile => p !== undefined && p.auth === 'env');
}

/** Runs `auth status`. */
export async function runAuthStatus(ctx: Context, args: ParsedArgs): Promise<number> {
  const config = await loadConfig(ctx);
  const named = args.positionals.length > 0;
  const declared = [...config.profiles.values()];
  // Built-in providers the config does not define still resolve (src/profiles/profile.ts); beside declared
  // profiles they are listed only when usable, i.e. their variable is set (filtered below).
  const extras = named || declared.every((p) => p.implicit) ? [] : implicitExtras(config);
  const candidates = named ? args.positionals.map((name) => profileByName(config, name)) : [...declared, ...extras];
  // Only when listing several: one getAll beats a keychain connection per profile (~10 ms each).
  const opened = await openStore(ctx, config.store);
  const needsStore = candidates.filter((p) => p.auth === 'api-key' || p.auth === 'oauth').length;
  const store = needsStore > 1 ? await preloadStore(opened) : opened;
  const check = booleanOption(args, 'check');
  const active = (await implicitProfileName(ctx, config).catch(() => undefined))?.name;
  // Offline statuses are cheap store reads; --check bounds its network requests.
  const statusAll = () =>
    mapLimited(candidates, check ? CHECK_CONCURRENCY : 16, async (p) => ({
      profile: p,
      status: await statusOf(ctx, config, store, p, check),
    }));
  const checked = candidates.filter((p) => p.auth !== 'none' && (!extras.includes(p) || ctx.env[p.provider.keyEnv]));
  const hosts = [...new Set(checked.map((p) => hostOf(baseUrlOf(p))))];
  const shownHosts = hosts.length > 3 ? `${hosts.slice(0, 3).join(', ')} and ${hosts.length - 3} more` : hosts.join(', ');
  const all = check ? await whileWaiting(ctx, `checking ${shownHosts}`, statusAll) : await statusAll();
  const shown = all.filter(({ profile, status }) => !extras.includes(profile) || USABLE_STATES.has(status.state));
  const profiles = shown.map((entry) => entry.profile);
  const rows: StatusRow[] = shown.map(({ profile, status }) => {
    // Implicit rows nobody asked for are informational: no `run:` hint under them.
    const { hint: _hint, ...withoutHint } = status;
    const s: SourceStatus = profile.implicit && !named ? withoutHint : status;
    return {
      profile: profile.name,
      provider: profile.provider.id,
      auth: profile.auth,
      store: s.store,
      state: s.state,
      source: s.source,
      isDefault: profile.name === active,
      usable: USABLE_STATES.has(s.state),
      ...(s.expiresAt !== undefined ? { expiresAt: s.expiresAt } : {}),
      ...(s.masked ? { masked: s.masked } : {}),
      ...(s.hint ? { hint: s.hint } : {}),
      ...(s.detail ? { detail: s.detail } : {}),
      ...(s.account ? { account: s.account } : {}),
      ...(s.scopes ? { scopes: s.scopes } : {}),
    };
  });
  const now = ctx.now();
  const output = booleanOption(args, 'json')
    ? renderStatusJson(rows, now)
    : ctx.stdout.isTTY
      ? renderStatusTable(rows, now)
      : renderStatusTsv(rows, now);
  ctx.stdout.write(output);
  if (opened.kind === 'file' && !ctx.env.PORT42_PASSPHRASE) {
    const { agentStatusLine } = await import('../agent/status.ts');
    note(ctx, await agentStatusLine(ctx.env, ctx.home));
  }
  // The built-in providers shown on a machine with no config are informational: they never fail status.
  const counted = rows.filter((row, i) => named || !profiles[i]?.implicit);
  return counted.every((row) => row.usable) ? 0 : 4;
}
