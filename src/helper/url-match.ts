/**
 * Matching a credential request (protocol, host, port, path as git sends them) against a
 * profile's `match` URL patterns, e.g. `https://api.openai.com` or
 * `https://git.corp.example:8443/team/`.
 *
 * A pattern fits a request when:
 * - the schemes are equal (compared in lower case; git compares protocols exactly and always
 *   sends them in lower case);
 * - the hosts are equal, ignoring ASCII/Unicode case (no wildcards, no subdomain matching —
 *   like git, `foo.example.com` does not match `example.com`);
 * - the ports are equal, an absent port meaning the scheme's default (http/ws 80, https/wss 443);
 *   for other schemes an absent port only equals an absent port;
 * - the pattern's path, without its leading and trailing slashes and percent-decoded, is empty or
 *   a prefix of the request's path on a segment boundary (`/team` fits `team` and
 *   `team/repo.git`, not `teams/x`). A pattern with a path never fits a request without one:
 *   git leaves `path` out for http(s) unless `credential.useHttpPath` is true. Both paths are
 *   percent-decoded and normalised (RFC 3986 §5.2.4 remove_dot_segments) first, and a request
 *   path that still has a `.` or `..` segment after decoding (`team/../x`, `team/%2e%2e/x`,
 *   `team\..\x`) fits nothing: a server would resolve it outside the prefix.
 * - plain http (and ws) fits only loopback hosts (127.0.0.0/8, ::1, localhost): a key never
 *   goes to the network in clear. Such a pattern is refused at config load.
 *
 * The request's host is compared as sent; it is never run through a URL parser (git can send a
 * host like `user@evil@api.example.com` and a URL parser would read a different host from it).
 * A non-ASCII request host is converted to its punycode form first, as the URL parser does to
 * the pattern's host. Pure: no process access.
 */
import { domainToASCII } from 'node:url';
import { isLoopbackHost, isLoopbackUrl } from '../providers/table.ts';

export interface UrlMatchRequest {
  protocol?: string | undefined;
  host?: string | undefined;
  port?: number | undefined;
  path?: string | undefined;
}

export interface MatchCandidate<T> {
  pattern: string;
  value: T;
}

interface ParsedPattern {
  scheme: string;
  host: string;
  port: number | undefined;
  /** Decoded, without leading/trailing slashes; '' matches any path. */
  path: string;
}

const DEFAULT_PORTS: Readonly<Record<string, number>> = { http: 80, https: 443, ws: 80, wss: 443 };

const SCHEME_PREFIX = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;

/** Schemes without TLS: they may only name loopback hosts. */
const CLEAR_TEXT_SCHEMES = new Set(['http', 'ws']);

/**
 * RFC 3986 §5.2.4 remove_dot_segments on a decoded path: `a/./b/../c` → `a/c`. Pure.
 */
export function removeDotSegments(path: string): string {
  const output: string[] = [];
  const segments = path.split('/');
  for (const [i, segment] of segments.entries()) {
    const last = i === segments.length - 1;
    if (segment === '.' || segment === '..') {
      if (segment === '..' && output.length > (output[0] === '' ? 1 : 0)) output.pop();
      // A trailing dot segment leaves the path ending in "/" (the RFC's "/." and "/.." rules).
      if (last) output.push('');
      continue;
    }
    output.push(segment);
  }
  return output.join('/');
}

/**
 * Percent-decodes a path; a malformed sequence (a lone `%`) stays as it is while every valid
 * ASCII escape around it is still decoded, so `%2e%2e` never survives as a disguised `..`.
 */
function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path.replace(/%([0-7][0-9A-Fa-f])/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
}

/** True when a decoded path has a `.` or `..` segment (either slash separates: servers differ). */
function hasDotSegment(decoded: string): boolean {
  return decoded.split(/[/\\]/).some((segment) => segment === '.' || segment === '..');
}

/**
 * True when a request path, once percent-decoded, has a `.` or `..` segment: servers resolve them
 * differently, so a prefix check on the text as sent proves nothing (`/team/../x`, `%2e%2e`).
 */
export function hasDotSegmentWhenDecoded(path: string): boolean {
  return hasDotSegment(decodePath(path));
}

/**
 * Why a `match` pattern is unusable, in words for the config error, or undefined when it is fine.
 * Wants `scheme://host[:port][/path]`: no userinfo, query, fragment, wildcard, whitespace,
 * control character or backslash.
 */
export function validateMatchPattern(pattern: string): string | undefined {
  if (pattern === '') return 'it is empty';
  // \x00-\x1f and \x7f-\x9f are exactly \p{Cc}; a /\p{…}/u regex costs ~0.1 ms to build, and
  // `helper get` validates its patterns on every call.
  if (/[\s\x00-\x1f\x7f-\x9f]/.test(pattern)) return 'it contains whitespace or a control character';
  if (pattern.includes('\\')) return 'it contains a backslash';
  if (!SCHEME_PREFIX.test(pattern)) return 'it has no scheme (write it like https://api.example.com)';
  if (pattern.includes('?')) return 'it has a query (?…), which is never matched';
  if (pattern.includes('#')) return 'it has a fragment (#…), which is never matched';
  if (pattern.includes('*')) return 'it has a wildcard (*), which is not supported';
  let url: URL;
  try {
    url = new URL(pattern);
  } catch {
    return 'it is not a valid URL';
  }
  if (url.username !== '' || url.password !== '' || hasUserinfo(pattern)) {
    return 'it contains a username or password (user@host), which belongs in the profile instead';
  }
  if (url.hostname === '') return 'it has no host';
  if (url.port === '0') return 'it has port 0';
  const clearText = clearTextProblem(pattern);
  return clearText === undefined ? undefined : `it ${clearText}`;
}

/**
 * Why a URL would carry a key in clear, or undefined: plain http (or ws) to a host that is not
 * loopback. Match patterns and base URLs are refused with it at config load (as OAuth issuers are).
 */
export function clearTextProblem(url: string): string | undefined {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url)?.[1]?.toLowerCase();
  if (scheme === undefined || !CLEAR_TEXT_SCHEMES.has(scheme) || isLoopbackUrl(url)) return undefined;
  return 'uses plain http to a host that is not loopback, so the key would cross the network in clear: use https (plain http only for 127.0.0.1, ::1 or localhost)';
}

function hasUserinfo(pattern: string): boolean {
  const rest = pattern.replace(SCHEME_PREFIX, '');
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd === -1 ? rest : rest.slice(0, authorityEnd);
  return authority.includes('@');
}

function parsePattern(pattern: string): ParsedPattern | undefined {
  if (validateMatchPattern(pattern) !== undefined) return undefined;
  const url = new URL(pattern);
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  const port = url.port === '' ? DEFAULT_PORTS[scheme] : Number(url.port);
  return { scheme, host: url.hostname.toLowerCase(), port, path: normalizePath(removeDotSegments(decodePath(url.pathname))) };
}

function normalizePath(path: string): string {
  return path.replace(/^\/+/, '').replace(/\/+$/, '');
}

function requestHost(host: string): string {
  // Only a non-ASCII host goes through the IDNA mapping; '' (invalid) then fits no pattern host.
  return /^[\x00-\x7f]*$/.test(host) ? host.toLowerCase() : domainToASCII(host) || '\0invalid';
}

/** How specific a fitting pattern is (longer path = more specific), or -1 when it doesn't fit. */
function score(pattern: ParsedPattern | undefined, request: UrlMatchRequest): number {
  if (pattern === undefined) return -1;
  if (request.protocol === undefined || request.host === undefined) return -1;
  const scheme = request.protocol.toLowerCase();
  if (scheme !== pattern.scheme) return -1;
  if (requestHost(request.host) !== pattern.host) return -1;
  const port = request.port ?? DEFAULT_PORTS[scheme];
  if (port !== pattern.port) return -1;
  // Refused whatever the pattern: a request that hides where it goes is answered by nobody.
  const decoded = request.path === undefined ? undefined : decodePath(request.path);
  if (decoded !== undefined && hasDotSegment(decoded)) return -1;
  if (pattern.path === '') return 0;
  if (decoded === undefined) return -1;
  const path = normalizePath(decoded);
  if (path !== pattern.path && !path.startsWith(pattern.path + '/')) return -1;
  return pattern.path.length;
}

/** True when `pattern` fits the request (see the module comment). An invalid pattern fits nothing. */
export function matchesUrl(pattern: string, request: UrlMatchRequest): boolean {
  return score(parsePattern(pattern), request) >= 0;
}

/** The value of the most specific fitting candidate (longest path); ties go to the first one. */
export function bestMatch<T>(candidates: ReadonlyArray<MatchCandidate<T>>, request: UrlMatchRequest): T | undefined {
  let best: T | undefined;
  let bestScore = -1;
  for (const candidate of candidates) {
    const s = score(parsePattern(candidate.pattern), request);
    if (s > bestScore) {
      best = candidate.value;
      bestScore = s;
    }
  }
  return best;
}
