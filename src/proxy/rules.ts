/**
 * The proxy's forwarding rules as pure functions: which requests it accepts (target, Host,
 * Origin, placeholder, allowed paths) and how headers change on the way through. Each rule is a
 * test in test/proxy/rules.test.ts.
 */
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { CheckAuth } from '../providers/table.ts';
import { hasDotSegmentWhenDecoded } from '../helper/url-match.ts';
import { isPlaceholder } from './placeholder.ts';

/** Why a request is refused: the status and a short reason without any value from the request. */
export interface Refusal {
  readonly status: 400 | 401 | 403 | 404 | 405;
  readonly reason: string;
}

/** Headers that describe one hop (RFC 9110 §7.6.1) and never cross the proxy. */
const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
];
/** Where the providers' clients send credentials; the client's are always dropped. */
const CREDENTIAL_HEADERS = ['authorization', 'x-api-key', 'x-goog-api-key', 'api-key'];
/** Headers that would tell the upstream about the local hop. */
const LOCAL_HOP = ['forwarded', 'via', 'host', 'origin'];

/**
 * Refuses CONNECT (405) and any target that is not a plain origin-form path: absolute-form
 * (`http://evil/`), authority-form, `*`, and `//host/…` which some URL joiners turn into a host.
 */
export function checkTarget(method: string | undefined, target: string | undefined): Refusal | undefined {
  if (method === 'CONNECT') return { status: 405, reason: 'CONNECT is not supported' };
  if (target === undefined || !target.startsWith('/') || target.startsWith('//'))
    return { status: 400, reason: 'the request target must be a path' };
  if (/[\0-\x1f\x7f\\]/.test(target)) return { status: 400, reason: 'the request target has control characters' };
  // The base path and proxy_paths are prefix checks on the text as sent; an upstream that resolves
  // `..` (or `%2e%2e`, `%2f`) would otherwise reach a path those checks meant to keep out.
  const q = target.indexOf('?');
  if (hasDotSegmentWhenDecoded(q === -1 ? target : target.slice(0, q))) return { status: 400, reason: 'the request path has dot segments' };
  return undefined;
}

/** True when Host is the proxy's own loopback address with its port (DNS rebinding defence). */
export function isOwnHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  const h = host.toLowerCase();
  return h === `127.0.0.1:${port}` || h === `localhost:${port}` || h === `[::1]:${port}`;
}

/** The credentials a request presents, wherever the providers' clients put them. */
export function presentedCredentials(headers: IncomingHttpHeaders, query: string): string[] {
  const found: string[] = [];
  for (const name of CREDENTIAL_HEADERS) {
    const value = headers[name];
    if (typeof value !== 'string') continue;
    found.push(name === 'authorization' ? value.replace(/^Bearer\s+/i, '') : value);
  }
  for (const [name, value] of queryParameters(query)) if (name === 'key') found.push(decodeQueryValue(value));
  return found;
}

/**
 * 401 unless the request presents the placeholder and nothing else (every credential it carries
 * must be the placeholder, compared in constant time).
 */
export function checkPlaceholder(headers: IncomingHttpHeaders, query: string, placeholder: string): Refusal | undefined {
  const presented = presentedCredentials(headers, query);
  // Every comparison runs, whatever the first result: no early exit to time.
  const matches = presented.map((p) => isPlaceholder(p, placeholder));
  if (presented.length === 0 || matches.includes(false)) return { status: 401, reason: 'unauthorized' };
  return undefined;
}

/** True when `proxy_paths` allows the path: exact entries, or prefixes written with a trailing `*`. */
export function isPathAllowed(pathname: string, patterns: readonly string[] | undefined): boolean {
  if (patterns === undefined) return true;
  return patterns.some((p) => (p.endsWith('*') ? pathname.startsWith(p.slice(0, -1)) : pathname === p));
}

/** The request's headers for the upstream: hop-by-hop, credential and local-hop headers dropped. */
export function forwardedRequestHeaders(headers: IncomingHttpHeaders, upgrade: boolean): OutgoingHttpHeaders {
  const named = connectionNamed(headers.connection);
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    if (HOP_BY_HOP.includes(name) || CREDENTIAL_HEADERS.includes(name) || LOCAL_HOP.includes(name)) continue;
    if (name.startsWith('x-forwarded-') || named.has(name)) continue;
    out[name] = value;
  }
  // A WebSocket handshake needs exactly these two hop-by-hop headers (RFC 6455 §4.1).
  if (upgrade) Object.assign(out, { connection: 'Upgrade', upgrade: headers.upgrade ?? 'websocket' });
  return out;
}

/** The upstream response's headers for the client as [name, value] pairs: hop-by-hop ones dropped. */
export function forwardedResponseHeaders(rawHeaders: readonly string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) pairs.push([rawHeaders[i]!, rawHeaders[i + 1]!]);
  const connection = pairs.find(([n]) => n.toLowerCase() === 'connection')?.[1];
  const named = connectionNamed(connection);
  return pairs.filter(([n]) => !HOP_BY_HOP.includes(n.toLowerCase()) && !named.has(n.toLowerCase()));
}

/** The header that carries the real credential: bearer tokens in Authorization, keys where the provider wants them. */
export function credentialHeader(kind: 'api-key' | 'bearer' | 'none', auth: CheckAuth, secret: string): [string, string] {
  if (/[\0\r\n]/.test(secret)) throw new Error('the credential contains a line break or NUL');
  if (kind === 'bearer' || auth === 'bearer' || auth === 'none') return ['authorization', `Bearer ${secret}`];
  return [auth, secret];
}

/** The request target without any `key` query parameter (the placeholder's `?key=` form). */
export function withoutKeyParameter(target: string): string {
  const q = target.indexOf('?');
  if (q === -1) return target;
  const kept = target
    .slice(q + 1)
    .split('&')
    .filter((part) => part !== '' && decodeQueryName(part.split('=')[0]!) !== 'key');
  return target.slice(0, q) + (kept.length ? `?${kept.join('&')}` : '');
}

function queryParameters(query: string): Array<[string, string | undefined]> {
  if (query === '') return [];
  return query.split('&').map((part) => {
    const eq = part.indexOf('=');
    return eq === -1 ? [decodeQueryName(part), undefined] : [decodeQueryName(part.slice(0, eq)), part.slice(eq + 1)];
  });
}

function decodeQueryName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}

function decodeQueryValue(value: string | undefined): string {
  return value === undefined ? '' : decodeQueryName(value);
}

function connectionNamed(connection: string | string[] | undefined): Set<string> {
  const text = Array.isArray(connection) ? connection.join(',') : (connection ?? '');
  return new Set(
    text
      .split(',')
      .map((t) => t.trim().toLowerCase())
      .filter((t) => t !== '' && t !== 'close' && t !== 'keep-alive' && t !== 'upgrade'),
  );
}
