/**
 * The audit trail: one JSON line per release of a secret in `<stateDir>/audit.jsonl` (directory
 * 0700, file 0600). A line says who asked (parent pid and name), where (cwd, URL for helpers) and
 * for which profile — never the value, nor anything derived from it. This runs on the hot path:
 * no zod, no crypto; one open with O_APPEND, one write, one fstat.
 */
import { join } from 'node:path';
import type { Context } from '../context.ts';
import { Port42Error } from '../errors.ts';
import { APPEND_NO_FOLLOW } from '../files/no-follow.ts';
import { privateStateDir } from '../files/state-dir.ts';
import { stateDir } from '../files/paths.ts';

/** Name of the current generation; the previous one is `audit.jsonl.1`. */
export const AUDIT_FILE = 'audit.jsonl';

/** Size at which the current generation is renamed to `.1` (the older `.1` is dropped). */
export const AUDIT_MAX_BYTES = 1024 * 1024;

/** Version of the line format; bumped only on incompatible changes. */
export const AUDIT_VERSION = 1;

/** One line of the audit trail. */
export interface AuditRecord {
  readonly v: 1;
  /** ISO 8601, UTC. */
  readonly time: string;
  /** The verb that released: `auth token`, `env`, `env --hook`, `exec`, `helper get`, `docker-helper get`. */
  readonly verb: string;
  readonly profile: string;
  /** The process that asked: port42's parent. `name` is absent when /proc is not readable. */
  readonly consumer: { readonly pid: number; readonly name?: string };
  readonly cwd: string;
  /** For helpers: the requesting URL, protocol://host[:port]/path, never user, password or query. */
  readonly url?: string;
  /** Secretless sessions (`exec --proxy`, `proxy`): one line when the proxy starts, one when it ends. */
  readonly event?: 'start' | 'end';
  /** On `end`: the session's counters (never a header, query, placeholder or key). */
  readonly requests?: number;
  readonly upstream_errors?: number;
  /** Requests the proxy's own rules refused (a wrong placeholder, a foreign Host…): someone tried the port. */
  readonly refused?: number;
  readonly bytes?: number;
}

/** What a verb tells recordRelease. */
export interface Release {
  readonly verb: string;
  readonly profile: string;
  /** For helpers: the URL asked for; user info, query and fragment are stripped before writing. */
  readonly url?: string | undefined;
  /** Proxy sessions: the event and, at the end, the counters. */
  readonly session?: Pick<AuditRecord, 'event' | 'requests' | 'upstream_errors' | 'refused' | 'bytes'>;
}

/** The current generation's path. */
export function auditPath(ctx: Pick<Context, 'env' | 'home'>): string {
  return join(stateDir(ctx.env, ctx.home), AUDIT_FILE);
}

/**
 * The URL as the audit trail keeps it: protocol://host[:port]/path. Undefined when it does not
 * parse (it is then left out rather than written raw: it could carry a password).
 */
export function auditUrl(raw: string): string | undefined {
  try {
    const url = new URL(raw);
    const path = url.pathname === '/' ? '' : url.pathname;
    // `host` keeps a non-default port; URL.origin would be "null" for git's ssh:// and the like.
    return `${url.protocol}//${url.host}${path}`;
  } catch {
    return undefined;
  }
}

async function consumerName(ctx: Context): Promise<string | undefined> {
  try {
    const text = (await ctx.fs.readFile(`/proc/${ctx.ppid}/comm`, 'utf8')) as string;
    const name = text.trim();
    return name === '' ? undefined : name;
  } catch {
    return undefined; // not Linux, or the parent is gone: the pid is still recorded
  }
}

/**
 * `new Date(ms).toISOString()`, for years 0–9999. V8 loads the local time zone (/etc/localtime and
 * ICU, ~0.2 ms) on a process's first toISOString although the result is UTC; the getUTC… methods
 * do not, and every release pays this.
 */
export function isoTimeUtc(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return (
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}` +
    `T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${pad(date.getUTCMilliseconds(), 3)}Z`
  );
}

/** The line for a release (exported for tests and for `audit`'s own reader). */
export function auditLine(record: AuditRecord): string {
  return JSON.stringify(record) + '\n';
}

async function appendLine(ctx: Context, path: string, line: string): Promise<number> {
  // One write on an O_APPEND descriptor: concurrent writers' lines never interleave or overwrite.
  // O_NOFOLLOW: a link planted in place of the trail is refused, never written through.
  const handle = await ctx.fs.open(path, APPEND_NO_FOLLOW, 0o600);
  try {
    await handle.write(line);
    return (await handle.stat()).size;
  } finally {
    await handle.close();
  }
}

/**
 * Appends one line for a release. A failure costs one warning on stderr, not the release (the
 * consumer still gets its secret); only a state directory that is not private and ours throws
 * store-unavailable (exit 5).
 */
export async function recordRelease(ctx: Context, release: Release): Promise<void> {
  const path = auditPath(ctx);
  try {
    const name = await consumerName(ctx);
    const url = release.url === undefined ? undefined : auditUrl(release.url);
    const record: AuditRecord = {
      v: AUDIT_VERSION,
      time: isoTimeUtc(ctx.now()),
      verb: release.verb,
      profile: release.profile,
      consumer: name === undefined ? { pid: ctx.ppid } : { pid: ctx.ppid, name },
      cwd: ctx.cwd,
      ...(url === undefined ? {} : { url }),
      ...release.session,
    };
    const line = auditLine(record);
    await privateStateDir(ctx);
    const size = await appendLine(ctx, path, line);
    if (size >= AUDIT_MAX_BYTES) {
      // Rare (once per ~4000 lines): the lock code and its crypto load only then.
      const { rotateAuditTrail } = await import('./rotate.ts');
      await rotateAuditTrail(ctx, path, AUDIT_MAX_BYTES);
    }
  } catch (error) {
    // A state directory someone else controls is refused (exit 5), not worked around.
    if (error instanceof Port42Error && error.code === 'store-unavailable') throw error;
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    ctx.stderr.write(`port42: warning: could not write the audit trail ${path} (${reason}); run: port42 doctor\n`);
  }
}
