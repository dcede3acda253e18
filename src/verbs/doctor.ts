/**
 * `port42 doctor`: checks what port42 depends on and prints one line per check, ✓ or ✗, with the
 * exact fix under each ✗. Exit 0 when nothing failed; otherwise the exit code of the failures
 * when they all share one (3 config, 4 credentials, 5 store), else 1.
 */
import { join } from 'node:path';
import { platform } from 'node:os';
import type { Context } from '../context.ts';
import type { Config, Profile } from '../config/types.ts';
import { loadConfig } from '../config/load.ts';
import { EXIT_CODES, Port42Error, type ErrorCode } from '../errors.ts';
import { stateDir } from '../files/paths.ts';
import { sourceFor } from '../sources/index.ts';
import { openStore } from '../stores/open-store.ts';
import type { SecretStore } from '../stores/types.ts';
import { auditPath } from '../audit/record.ts';
import { escapeControl } from '../terminal/escape.ts';
import { checkConsumers } from '../setup/doctor-consumers.ts';
import { agentSocketPath } from '../agent/socket-path.ts';
import { agentStatus, describeAgent } from '../agent/status.ts';

/** One line of the report. */
interface Check {
  readonly mark: '✓' | '✗' | '-';
  readonly text: string;
  /** A command to run (`run:`) or, when no command fixes it, what to do (`fix:`). */
  readonly run?: string;
  readonly fix?: string;
  /** For ✗: which exit code this failure stands for. */
  readonly code?: ErrorCode;
}

/** Account read to see whether a store answers; ":" never occurs in profile names, so it is no one's. */
const PROBE_ACCOUNT = ':doctor-probe';
/** Clock skew beyond which OAuth tokens may be refused as not yet valid or already expired. */
const MAX_SKEW_MS = 60_000;
const HTTP_TIMEOUT_MS = 5000;

const ok = (text: string): Check => ({ mark: '✓', text });
const info = (text: string): Check => ({ mark: '-', text });
const bad = (code: ErrorCode, text: string, how: { run?: string | undefined; fix?: string | undefined } = {}): Check => ({
  mark: '✗',
  text,
  code,
  ...(how.run ? { run: how.run } : {}),
  ...(how.fix ? { fix: how.fix } : {}),
});

async function checkConfig(ctx: Context): Promise<{ check: Check; config?: Config }> {
  try {
    const config = await loadConfig(ctx);
    if (!config.exists) return { config, check: ok(`config: none at ${config.path}; the built-in providers act as profiles`) };
    return {
      config,
      check: ok(`config: ${config.path} is valid (${config.profiles.size} profile${config.profiles.size === 1 ? '' : 's'})`),
    };
  } catch (error) {
    if (!(error instanceof Port42Error)) throw error;
    return { check: bad('config', `config: ${error.message}`, { run: error.hint }) };
  }
}

function keychainFix(ctx: Context, message: string, configPath: string): { run?: string; fix: string } {
  const fallback = `or set store = "file" in ${configPath}`;
  if (/locked/i.test(message)) return { fix: `unlock the login keyring (log in to the desktop session), ${fallback}` };
  if (platform() === 'linux' && !ctx.env.DBUS_SESSION_BUS_ADDRESS) {
    return {
      fix: `run port42 in a desktop session, whose D-Bus runs a Secret Service (or under dbus-run-session with gnome-keyring), ${fallback}`,
    };
  }
  return { fix: `make sure a Secret Service (gnome-keyring, KeePassXC) runs in this session, ${fallback}` };
}

async function checkKeychain(ctx: Context, configPath: string): Promise<Check> {
  try {
    const keychain = await ctx.stores.keychain();
    await keychain.get(PROBE_ACCOUNT);
    // Reading every port42 item needs an unlocked keyring; a lookup of a missing item may not.
    const count = (await keychain.getAll()).size;
    return ok(`store: the keychain answers and is unlocked (${count} port42 item${count === 1 ? '' : 's'})`);
  } catch (error) {
    if (!(error instanceof Port42Error)) throw error;
    return bad('store-unavailable', `store: ${error.message}`, keychainFix(ctx, error.message, configPath));
  }
}

async function modeOf(ctx: Context, path: string): Promise<number | undefined> {
  try {
    return (await ctx.fs.stat(path)).mode & 0o777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function checkFileStore(ctx: Context): Promise<Check[]> {
  const dir = stateDir(ctx.env, ctx.home);
  const file = join(dir, 'secrets.enc');
  const checks: Check[] = [];
  const dirMode = await modeOf(ctx, dir);
  const fileMode = await modeOf(ctx, file);
  if (dirMode !== undefined && dirMode !== 0o700)
    checks.push(bad('store-unavailable', `store: ${dir} has mode ${dirMode.toString(8)}, not 700`, { run: `chmod 700 ${dir}` }));
  if (fileMode !== undefined && fileMode !== 0o600)
    checks.push(bad('store-unavailable', `store: ${file} has mode ${fileMode.toString(8)}, not 600`, { run: `chmod 600 ${file}` }));
  const agent = await agentStatus(agentSocketPath(ctx.env, ctx.home));
  checks.push(info(describeAgent(agent)));
  if (!ctx.env.PORT42_PASSPHRASE && !agent && !ctx.stdin.isTTY) {
    checks.push(
      bad(
        'store-unavailable',
        'store: the encrypted file needs a passphrase: no unlock agent answers, PORT42_PASSPHRASE is not set and there is no terminal to ask on',
        { run: 'port42 unlock' },
      ),
    );
    return checks;
  }
  if (fileMode === undefined) {
    checks.push(ok(`store: encrypted file ${file} not created yet (the first login creates it, mode 600)`));
    return checks;
  }
  try {
    await (await ctx.stores.file({ mayPrompt: ctx.interactive === true })).get(PROBE_ACCOUNT);
    if (!checks.some((c) => c.mark === '✗'))
      checks.push(ok(`store: encrypted file ${file} opens ${agent ? 'through the agent' : 'with the passphrase'}`));
  } catch (error) {
    if (!(error instanceof Port42Error)) throw error;
    checks.push(
      bad('store-unavailable', `store: ${error.message}`, {
        fix: 'check PORT42_PASSPHRASE; a damaged file is left as it is: move it away and log in again',
      }),
    );
  }
  return checks;
}

async function checkStore(ctx: Context, config: Config): Promise<Check[]> {
  if (config.store === 'file') return checkFileStore(ctx);
  const keychain = await checkKeychain(ctx, config.path);
  if (config.store === 'keychain' || keychain.mark === '✓') return [keychain];
  // store = "auto": port42 falls back to the encrypted file (with a warning each time): check that too.
  return [keychain, info('store = "auto": port42 uses the encrypted file meanwhile'), ...(await checkFileStore(ctx))];
}

const USABLE = new Set(['ok', 'expiring', 'unknown']);

async function checkProfile(ctx: Context, config: Config, store: SecretStore, profile: Profile): Promise<Check> {
  const status = await (await sourceFor(profile.auth)).status({ ctx, config, store }, profile);
  const where = status.store === '-' ? status.source : `${status.store}, ${status.source}`;
  if (USABLE.has(status.state)) return ok(`profile ${profile.name}: ${status.state} (${where})`);
  const code: ErrorCode = status.state === 'error' ? 'store-unavailable' : 'login-needed';
  const text = `profile ${profile.name}: ${status.state}${status.detail ? ` (${status.detail})` : ''}`;
  // Inside doctor, "run: port42 doctor" would send the reader in a circle: the store check above says why.
  if (status.hint === 'port42 doctor') return bad(code, text, { fix: 'see the store check above' });
  return bad(code, text, status.hint ? { run: status.hint } : { fix: `see port42 profile show ${profile.name}` });
}

async function checkProfiles(ctx: Context, config: Config): Promise<Check[]> {
  const store = await openStore(ctx, config.store);
  const profiles = [...config.profiles.values()];
  const checks: Check[] = [];
  const idle: string[] = [];
  for (const profile of profiles) {
    const check = await checkProfile(ctx, config, store, profile);
    // A built-in provider without a key in the environment is not a problem on a fresh machine.
    if (profile.implicit && check.mark === '✗') idle.push(profile.name);
    else checks.push(check);
  }
  if (idle.length > 0) checks.push(info(`built-in providers without a key: ${idle.join(', ')} (port42 auth login <name> stores one)`));
  return checks;
}

async function checkClock(ctx: Context, issuer: string, profile: string): Promise<Check> {
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  let host = issuer;
  try {
    host = new URL(url).host;
    const response = await ctx.fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) });
    await response.body?.cancel().catch(() => undefined);
    const date = Date.parse(response.headers.get('date') ?? '');
    if (!Number.isFinite(date)) return info(`clock: ${host} sent no Date header; skew not checked`);
    // The header has whole seconds: allow the second it was cut to.
    const skew = ctx.now() - date;
    const seconds = Math.round(Math.abs(skew) / 1000);
    if (Math.abs(skew) <= MAX_SKEW_MS + 1000) return ok(`clock: within ${seconds} s of ${host}`);
    return bad('failure', `clock: ${seconds} s ${skew > 0 ? 'ahead of' : 'behind'} ${host}; OAuth tokens may be refused`, {
      fix: 'sync the system clock (e.g. sudo timedatectl set-ntp true)',
    });
  } catch {
    return bad('failure', `clock: could not reach ${host} (issuer of "${profile}") within ${HTTP_TIMEOUT_MS / 1000} s`, {
      run: `port42 profile show ${profile}   # check the issuer URL and the network`,
    });
  }
}

async function checkAuditTrail(ctx: Context): Promise<Check | undefined> {
  const path = auditPath(ctx);
  const mode = await modeOf(ctx, path);
  if (mode === undefined) return undefined;
  if (mode !== 0o600) return bad('failure', `audit trail: ${path} has mode ${mode.toString(8)}, not 600`, { run: `chmod 600 ${path}` });
  return ok(`audit trail: ${path}`);
}

/** One check's lines. Checks quote repository paths, directory files and consumers' settings: escaped. */
function render(check: Check): string {
  const lines = [`${check.mark} ${escapeControl(check.text)}`];
  if (check.run) lines.push(`    run: ${escapeControl(check.run)}`);
  if (check.fix) lines.push(`    fix: ${escapeControl(check.fix)}`);
  return lines.join('\n') + '\n';
}

/** Runs `doctor`: prints the report on stdout and returns 0, or the failures' exit code. */
export async function runDoctor(ctx: Context): Promise<number> {
  const checks: Check[] = [];
  const emit = (...more: Check[]) => {
    checks.push(...more);
    for (const check of more) ctx.stdout.write(render(check));
  };
  const { check, config } = await checkConfig(ctx);
  emit(check);
  if (config) {
    emit(...(await checkStore(ctx, config)));
    emit(...(await checkProfiles(ctx, config)));
    const issuers = new Map<string, string>();
    for (const p of config.profiles.values()) if (p.oauth && !issuers.has(p.oauth.issuer)) issuers.set(p.oauth.issuer, p.name);
    for (const [issuer, profile] of issuers) emit(await checkClock(ctx, issuer, profile));
  } else {
    emit(info('store and profiles not checked: fix the config first'));
  }
  const audit = await checkAuditTrail(ctx);
  if (audit) emit(audit);
  emit(...(await checkConsumers(ctx, config)));
  emit(...(await (await import('../trust/doctor-checks.ts')).trustChecks(ctx)));
  const failed = checks.filter((c) => c.mark === '✗');
  if (failed.length === 0) {
    ctx.stdout.write('all checks passed\n');
    return 0;
  }
  ctx.stdout.write(`${failed.length} problem${failed.length === 1 ? '' : 's'} found\n`);
  const codes = new Set(failed.map((c) => c.code ?? 'failure'));
  const only = codes.size === 1 ? [...codes][0] : undefined;
  return only ? EXIT_CODES[only] : 1;
}
