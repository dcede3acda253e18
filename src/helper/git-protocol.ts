/**
 * git's credential helper wire format (git-credential(1) "INPUT/OUTPUT FORMAT" and
 * "CAPABILITY INPUT/OUTPUT FORMAT"; gitcredentials(7) "CUSTOM HELPERS").
 *
 * Pure: no process access, no I/O beyond the arguments. Errors are `usageError`s whose messages
 * name the problem (attribute name, line number) and never quote input, so a secret can't leak
 * into stderr or logs.
 *
 * Decisions (see the report that introduced this file):
 * - Line endings: one `\r` directly before the `\n` is part of the terminator and is dropped.
 *   git reads helper and `git credential` input with `strbuf_getline()`, which treats CRLF as a
 *   line end (checked against git 2.39: `protocol=https\r\n…\r\n\r\n` is read as `https` and the
 *   `\r\n` line ends the list). A `\r` anywhere else stays in the value.
 * - Lines are limited to 65535 bytes including the terminator, as the docs allow implementations
 *   to assume; NUL bytes are refused (the docs say keys and values can't contain one).
 * - A line without `=` is refused (git itself dies with "invalid credential line"); so is a line
 *   with an empty key (git would ignore it; we treat it as a malformed request).
 * - Input ends at the first blank line or at end of input; nothing after a blank line is read.
 * - Input must be UTF-8 (git passes bytes as-is; a non-UTF-8 password can't be kept exactly).
 * - `url=` behaves as git's `credential_from_url()`: it resets everything read so far (git calls
 *   `credential_clear()`, which also empties `wwwauth[]` and `capability[]`) and then sets
 *   protocol, host (with port), path, username and password from the URL. Username, password,
 *   host and path are percent-decoded; the path loses its leading and trailing slashes; the host
 *   ends at the first `/`, `?` or `#`. A URL without `scheme://` is refused, as git does.
 * - `password_expiry_utc` that isn't a positive decimal integer is ignored (git treats an
 *   unparsable value as "no expiry").
 * - Output (`formatCredential`) is `key=value\n` lines with no blank line after them: the docs
 *   say the list ends at a blank line *or end-of-file*, and a helper's stdout ends at its exit.
 * - `capability` answers `version 0\n` and no `capability …` line: we understand neither
 *   `authtype` (authtype/credential/ephemeral) nor `state` (state[]/continue).
 */
import { isUtf8 } from 'node:buffer';
import { usageError } from '../errors.ts';

/** A request read from git (or any caller of the helper protocol). */
export interface CredentialRequest {
  protocol?: string;
  /** Host name without the port (`example.com` for `host=example.com:8080`); may be empty. */
  host?: string;
  /** Port split off `host` when it ended in `:<1-65535>`. */
  port?: number;
  path?: string;
  username?: string;
  password?: string;
  /** Unix time in seconds. */
  passwordExpiryUtc?: number;
  oauthRefreshToken?: string;
  /** Every `wwwauth[]` value in order (`wwwauth[]=` with an empty value clears the list). */
  wwwauth: string[];
  /** Every `capability[]` value in order (same clearing rule). */
  capabilities: string[];
}

/** What a helper writes back: the request's fields but the lists. Present fields are emitted in a fixed order. */
export type CredentialResponse = Omit<CredentialRequest, 'wwwauth' | 'capabilities'>;

export type HelperAction = 'get' | 'store' | 'erase' | 'capability' | 'unknown';

/** Longest line, terminator included (git-credential(1)). */
export const MAX_LINE_BYTES = 65535;

const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;

/**
 * The bytes as text when they are valid UTF-8 (a BOM is kept, as git keeps it), else undefined.
 * Buffer's validator instead of `new TextDecoder('utf-8', { fatal: true })`: creating that decoder
 * costs ~0.1 ms on every start of the hot bundle, which holds this module.
 */
function decodeUtf8(bytes: Buffer): string | undefined {
  // toString() without an encoding is UTF-8 at once; naming one costs ~0.1 ms on first use.
  return isUtf8(bytes) ? bytes.toString() : undefined;
}

/**
 * The index of `byte` in `bytes` from `from`, or -1. V8's own TypedArray indexOf: Buffer's
 * override costs ~0.1 ms on its first call, and `helper get` runs it once per process.
 */
function indexOfByte(bytes: Uint8Array, byte: number, from = 0): number {
  return Uint8Array.prototype.indexOf.call(bytes, byte, from);
}

function emptyRequest(): CredentialRequest {
  return { wwwauth: [], capabilities: [] };
}

/** Splits `example.com:8080` / `[::1]:8080` into host and port; anything else stays whole. */
export function splitHostPort(value: string): { host: string; port?: number } {
  const match = /^(.*):([0-9]{1,5})$/s.exec(value);
  if (!match) return { host: value };
  const host = match[1] ?? '';
  const port = Number(match[2]);
  if (port < 1 || port > 65535) return { host: value };
  // An unbracketed IPv6 literal (`::1`) has no port to split off.
  if (host.includes(':') && !(host.startsWith('[') && host.endsWith(']'))) return { host: value };
  return { host, port };
}

function setHost(request: CredentialRequest, value: string): void {
  const { host, port } = splitHostPort(value);
  request.host = host;
  if (port === undefined) delete request.port;
  else request.port = port;
}

/** `%XX` decoding as git's `url_decode_mem()`: `+` stays `+`, a malformed escape stays literal. */
function percentDecode(text: string, what: string): string {
  if (!text.includes('%')) return text;
  const bytes = Buffer.from(text, 'utf8');
  const out = Buffer.alloc(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    if (b === 0x25 && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
      out[n++] = parseInt(String.fromCharCode(bytes[i + 1] ?? 0, bytes[i + 2] ?? 0), 16);
      i += 2;
    } else {
      out[n++] = b;
    }
  }
  const decoded = decodeUtf8(out.subarray(0, n));
  if (decoded === undefined) throw usageError(`the ${what} in the url attribute is not valid utf-8 once percent-decoded`);
  return decoded;
}

function isHex(b: number | undefined): boolean {
  return b !== undefined && ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66));
}

function checkUrlComponent(value: string | undefined, what: string): void {
  if (value !== undefined && /[\n\r\0]/.test(value)) {
    throw usageError(`the url attribute has a newline, carriage return or NUL in its ${what}`);
  }
}

/** Applies `url=<value>` the way git's `credential_from_url()` does. Returns a fresh request. */
function fromUrl(url: string): CredentialRequest {
  const request = emptyRequest();
  const protoEnd = url.indexOf('://');
  if (protoEnd <= 0) throw usageError('the url attribute has no scheme (expected scheme://host/…)');
  const rest = url.slice(protoEnd + 3);
  const hostEnd = searchAny(rest, '/?#');
  const at = rest.indexOf('@');
  const colon = rest.indexOf(':');
  let hostStart = 0;
  if (at !== -1 && at < hostEnd) {
    if (colon === -1 || at <= colon) {
      request.username = percentDecode(rest.slice(0, at), 'username');
    } else {
      request.username = percentDecode(rest.slice(0, colon), 'username');
      request.password = percentDecode(rest.slice(colon + 1, at), 'password');
    }
    hostStart = at + 1;
  }
  request.protocol = url.slice(0, protoEnd);
  setHost(request, percentDecode(rest.slice(hostStart, hostEnd), 'host'));
  let path = rest.slice(hostEnd).replace(/^\/+/, '');
  if (path !== '') {
    path = percentDecode(path, 'path').replace(/(?<=.)\/+$/s, '');
    request.path = path;
  }
  checkUrlComponent(request.username, 'username');
  checkUrlComponent(request.password, 'password');
  checkUrlComponent(request.protocol, 'protocol');
  checkUrlComponent(request.host, 'host');
  checkUrlComponent(request.path, 'path');
  return request;
}

function searchAny(text: string, chars: string): number {
  for (let i = 0; i < text.length; i++) if (chars.includes(text[i] ?? '')) return i;
  return text.length;
}

/**
 * Reads a credential description: `key=value` lines up to a blank line or end of input.
 * Known scalar keys keep their last value; `wwwauth[]` and `capability[]` accumulate; unknown
 * keys (and `authtype`, `credential`, `ephemeral`, `state[]`, `continue`, `quit`, `request_url`,
 * which only matter with capabilities we don't advertise) are ignored.
 */
export function parseCredentialRequest(input: string | Buffer): CredentialRequest {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  let request = emptyRequest();
  let pos = 0;
  let lineNo = 0;
  while (pos < bytes.length) {
    lineNo++;
    const lf = indexOfByte(bytes, LF, pos);
    const end = lf === -1 ? bytes.length : lf;
    const rawLength = (lf === -1 ? bytes.length : lf + 1) - pos;
    if (rawLength > MAX_LINE_BYTES) {
      throw usageError(`credential line ${lineNo} is longer than ${MAX_LINE_BYTES} bytes`);
    }
    let contentEnd = end;
    if (lf !== -1 && contentEnd > pos && bytes[contentEnd - 1] === CR) contentEnd--;
    const raw = bytes.subarray(pos, contentEnd);
    pos = lf === -1 ? bytes.length : lf + 1;
    if (raw.length === 0) break; // blank line: end of the description
    if (indexOfByte(raw, NUL) !== -1) throw usageError(`credential line ${lineNo} contains a NUL byte`);
    const line = decodeUtf8(raw);
    if (line === undefined) throw usageError(`credential line ${lineNo} is not valid utf-8`);
    const eq = line.indexOf('=');
    if (eq === -1) throw usageError(`credential line ${lineNo} has no '=' between key and value`);
    if (eq === 0) throw usageError(`credential line ${lineNo} has an empty key`);
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1);
    request = applyAttribute(request, key, value);
  }
  return request;
}

function applyAttribute(request: CredentialRequest, key: string, value: string): CredentialRequest {
  switch (key) {
    case 'protocol':
      request.protocol = value;
      break;
    case 'host':
      setHost(request, value);
      break;
    case 'path':
      request.path = value;
      break;
    case 'username':
      request.username = value;
      break;
    case 'password':
      request.password = value;
      break;
    case 'password_expiry_utc': {
      const seconds = /^[0-9]{1,16}$/.test(value) ? Number(value) : NaN;
      if (Number.isSafeInteger(seconds) && seconds > 0) request.passwordExpiryUtc = seconds;
      else delete request.passwordExpiryUtc;
      break;
    }
    case 'oauth_refresh_token':
      request.oauthRefreshToken = value;
      break;
    case 'url':
      return fromUrl(value);
    case 'wwwauth[]':
      if (value === '') request.wwwauth = [];
      else request.wwwauth.push(value);
      break;
    case 'capability[]':
      if (value === '') request.capabilities = [];
      else request.capabilities.push(value);
      break;
    default:
      // Unrecognised attributes are silently discarded (git-credential(1)).
      break;
  }
  return request;
}

function checkValue(key: string, value: string): void {
  if (value.includes('\n')) throw usageError(`the ${key} attribute contains a newline, which git can't receive`);
  if (value.includes('\r')) {
    throw usageError(`the ${key} attribute contains a carriage return, which git can't receive`);
  }
  if (value.includes('\0')) throw usageError(`the ${key} attribute contains a NUL byte, which git can't receive`);
  if (Buffer.byteLength(value, 'utf8') + key.length + 2 > MAX_LINE_BYTES) {
    throw usageError(`the ${key} attribute is longer than a credential line may be (${MAX_LINE_BYTES} bytes)`);
  }
}

function checkInteger(key: string, value: number, min: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw usageError(`the ${key} attribute must be an integer from ${min} to ${max}`);
  }
}

/**
 * Writes `key=value\n` lines for the present fields, in the order protocol, host (with `:port`),
 * path, username, password, password_expiry_utc, oauth_refresh_token, and nothing after them.
 * For a `get` answer, pass only what the helper should set (gitcredentials(7): well-behaved
 * helpers override nothing but username and password, plus the expiry and refresh token).
 * Throws a usageError for a value with a newline, carriage return or NUL, an over-long line,
 * a port outside 1–65535, a port without a host, or a non-positive expiry.
 */
export function formatCredential(fields: CredentialResponse): string {
  const lines: string[] = [];
  const add = (key: string, value: string | undefined): void => {
    if (value === undefined) return;
    checkValue(key, value);
    lines.push(`${key}=${value}\n`);
  };
  add('protocol', fields.protocol);
  if (fields.port !== undefined) {
    checkInteger('port', fields.port, 1, 65535);
    if (fields.host === undefined) throw usageError('a port was given without a host');
    if (splitHostPort(fields.host).port !== undefined) throw usageError('the host attribute already ends in a port');
    add('host', `${fields.host}:${fields.port}`);
  } else {
    add('host', fields.host);
  }
  add('path', fields.path);
  add('username', fields.username);
  add('password', fields.password);
  if (fields.passwordExpiryUtc !== undefined) {
    checkInteger('password_expiry_utc', fields.passwordExpiryUtc, 1, Number.MAX_SAFE_INTEGER);
    add('password_expiry_utc', String(fields.passwordExpiryUtc));
  }
  add('oauth_refresh_token', fields.oauthRefreshToken);
  return lines.join('');
}

/** The helper action from argv. Anything else is 'unknown': the caller exits 0 with no output. */
export function parseHelperAction(arg: string | undefined): HelperAction {
  switch (arg) {
    case 'get':
    case 'store':
    case 'erase':
    case 'capability':
      return arg;
    default:
      return 'unknown';
  }
}

/**
 * The answer to the `capability` action: `version 0` and one `capability <name>` line per
 * supported capability. We support none, so it is just the version line; callers then know
 * not to send `authtype`/`credential`/`ephemeral`/`state[]`/`continue`.
 */
export function formatCapabilities(): string {
  return 'version 0\n';
}
