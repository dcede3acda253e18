/** Renders `auth status` rows: an aligned table on a TTY, tab-separated when piped, or JSON. */
import type { CredentialState } from '../profiles/credential.ts';
import { escapeControl } from '../terminal/escape.ts';

/** One row of `auth status`. */
export interface StatusRow {
  readonly profile: string;
  readonly provider: string;
  readonly auth: string;
  readonly store: string;
  readonly state: CredentialState;
  readonly expiresAt?: number;
  readonly source: string;
  readonly masked?: string;
  readonly hint?: string;
  readonly detail?: string;
  /** Who is logged in (OAuth), shown after the source. */
  readonly account?: string;
  /** Granted scopes (OAuth), in the JSON only. */
  readonly scopes?: readonly string[];
  readonly isDefault: boolean;
  readonly usable: boolean;
}

/** Version of the JSON objects `auth status --json` prints; bumped only on incompatible changes. */
export const STATUS_JSON_VERSION = 1;

/**
 * States in which a credential can be handed out: `expiring` still works, and `unknown` (a check
 * that got no answer) says nothing against it. `auth status` exits 0 only when every row is one.
 */
export const USABLE_STATES: ReadonlySet<CredentialState> = new Set<CredentialState>(['ok', 'expiring', 'unknown']);

/** "in 42m", "in 3h", "2d ago"… */
export function describeExpiry(expiresAt: number | undefined, now: number): string {
  if (expiresAt === undefined) return '-';
  const seconds = Math.round((expiresAt - now) / 1000);
  const abs = Math.abs(seconds);
  const amount =
    abs < 90
      ? `${abs}s`
      : abs < 5400
        ? `${Math.round(abs / 60)}m`
        : abs < 172800
          ? `${Math.round(abs / 3600)}h`
          : `${Math.round(abs / 86400)}d`;
  return seconds >= 0 ? `in ${amount}` : `${amount} ago`;
}

const COLUMNS = ['PROFILE', 'PROVIDER', 'AUTH', 'STORE', 'STATE', 'EXPIRES', 'SOURCE'] as const;

/** One row's cells; escaped, since the account comes from the issuer's ID token. */
function cells(row: StatusRow, now: number): string[] {
  const source = [row.source, row.masked, row.account].filter(Boolean).join(' ');
  return rawCells(row, now, source).map((cell) => escapeControl(cell));
}

function rawCells(row: StatusRow, now: number, source: string): string[] {
  return [
    row.profile + (row.isDefault ? '*' : ''),
    row.provider,
    row.auth,
    row.store,
    row.state,
    describeExpiry(row.expiresAt, now),
    source,
  ];
}

/** The aligned table with a `run: …` line under each row that needs action. */
export function renderStatusTable(rows: readonly StatusRow[], now: number): string {
  const table = [COLUMNS as readonly string[], ...rows.map((row) => cells(row, now))];
  const widths = COLUMNS.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const out = [line(table[0] ?? [])];
  rows.forEach((row, i) => {
    out.push(line(table[i + 1] ?? []));
    if (row.detail && row.state !== 'ok') out.push(`  ${escapeControl(row.detail)}`);
    if (row.hint && !row.usable) out.push(`  run: ${row.hint}`);
  });
  return out.join('\n') + '\n';
}

/** Tab-separated rows, no header, for scripts. */
export function renderStatusTsv(rows: readonly StatusRow[], now: number): string {
  return rows.map((row) => cells({ ...row, isDefault: false }, now).join('\t') + '\n').join('');
}

/** The JSON array (one object per profile, each carrying the schema version). */
export function renderStatusJson(rows: readonly StatusRow[], now: number): string {
  const objects = rows.map((row) => ({
    version: STATUS_JSON_VERSION,
    profile: row.profile,
    provider: row.provider,
    auth: row.auth,
    store: row.store,
    state: row.state,
    usable: row.usable,
    default: row.isDefault,
    expires_at: row.expiresAt === undefined ? null : new Date(row.expiresAt).toISOString(),
    expires_in_seconds: row.expiresAt === undefined ? null : Math.round((row.expiresAt - now) / 1000),
    source: row.source,
    masked: row.masked ?? null,
    hint: row.hint ?? null,
    detail: row.detail ?? null,
    // Present only for sources that know them (OAuth), so other rows keep their shape.
    ...(row.account !== undefined ? { account: row.account } : {}),
    ...(row.scopes !== undefined ? { scopes: row.scopes } : {}),
  }));
  return JSON.stringify(objects, null, 2) + '\n';
}
