/**
 * The docker-credential-helpers protocol, as docker's `credentials` package (credentials.go,
 * error.go) serves it and its `client` package (client.go) reads it:
 *
 * - The action is the one argument: `store`, `get`, `erase`, `list` or `version`.
 * - `get`: stdin is the server URL (surrounding whitespace trimmed, as `strings.TrimSpace`);
 *   stdout is `{"ServerURL":…,"Username":…,"Secret":…}` and a newline.
 * - `store`: stdin is `{"ServerURL":…,"Username":…,"Secret":…}`; ServerURL and Username must be
 *   non-empty, Secret may be empty. Nothing on stdout.
 * - `erase`: stdin is the server URL. Nothing on stdout.
 * - `list`: stdout is `{"<server url>":"<username>",…}` and a newline.
 * - Any failure: the error message and a newline on **stdout** (not stderr) and exit status 1.
 *   The client trims stdout and compares it with fixed texts: exactly
 *   `credentials not found in native keychain` means "not found" (docker then treats the
 *   registry as having no stored login), `no credentials server URL` and
 *   `no credentials username` mean invalid input. Any other text is echoed by docker inside its
 *   own error message — so these messages must never contain a secret.
 * - An unknown action: the reference prints ``Unknown credential action `x` `` and exits 1.
 *
 * Docker stores identity tokens with the username `<token>` (the docker CLI turns that
 * Username's Secret into an IdentityToken).
 *
 * Pure: no process access. Errors are `usageError`s whose messages quote no input.
 */
import { usageError } from '../errors.ts';

/** The text the docker client recognises as "no credentials stored for this server". */
export const DOCKER_NOT_FOUND_MESSAGE = 'credentials not found in native keychain';
/** The text the docker client recognises as "input had no server URL". */
export const DOCKER_MISSING_SERVER_URL_MESSAGE = 'no credentials server URL';
/** The text the docker client recognises as "input had no username". */
export const DOCKER_MISSING_USERNAME_MESSAGE = 'no credentials username';

/** The username docker uses for an identity (refresh) token rather than a password. */
export const DOCKER_TOKEN_USERNAME = '<token>';

export type DockerAction = 'get' | 'store' | 'erase' | 'list' | 'version' | 'unknown';

export interface DockerCredentials {
  serverUrl: string;
  username: string;
  secret: string;
}

export interface DockerListEntry {
  serverUrl: string;
  username: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decode(input: string | Buffer, what: string): string {
  if (typeof input === 'string') return input;
  try {
    return utf8.decode(input);
  } catch {
    throw usageError(`the docker ${what} is not valid utf-8`);
  }
}

/** The docker action from argv; anything else is 'unknown'. */
export function parseDockerAction(arg: string | undefined): DockerAction {
  switch (arg) {
    case 'get':
    case 'store':
    case 'erase':
    case 'list':
    case 'version':
      return arg;
    default:
      return 'unknown';
  }
}

/**
 * The server URL sent to `get` and `erase`: stdin with surrounding whitespace trimmed. It is not
 * required to be a URL (docker sends `https://index.docker.io/v1/` but also `registry:5000`).
 * Throws usageError(DOCKER_MISSING_SERVER_URL_MESSAGE) when empty; refuses a multi-line value
 * or a NUL.
 */
export function parseDockerServerUrl(text: string | Buffer): string {
  const serverUrl = decode(text, 'server URL').trim();
  if (serverUrl === '') throw usageError(DOCKER_MISSING_SERVER_URL_MESSAGE);
  if (/[\r\n]/.test(serverUrl)) throw usageError('the docker server URL must be a single line');
  if (serverUrl.includes('\0')) throw usageError('the docker server URL contains a NUL byte');
  return serverUrl;
}

const FIELDS = { serverurl: 'ServerURL', username: 'Username', secret: 'Secret' } as const;
type FieldName = (typeof FIELDS)[keyof typeof FIELDS];

/**
 * The JSON sent to `store`. Like Go's encoding/json, keys match their field case-insensitively,
 * a later duplicate wins, unknown keys and `null` values are ignored. Stricter than Go: the whole
 * input must be one JSON object (Go ignores text after it) and values must be strings without NUL.
 * Error messages name the field, never its value, and carry no cause (JSON.parse messages quote
 * the input).
 */
export function parseDockerStoreInput(text: string | Buffer): DockerCredentials {
  const source = decode(text, 'credential input');
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch {
    throw usageError('the docker credential input is not valid JSON (expected {"ServerURL","Username","Secret"})');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw usageError('the docker credential input is not a JSON object');
  }
  const values: Partial<Record<FieldName, string>> = {};
  for (const [key, value] of Object.entries(parsed)) {
    const field = (FIELDS as Record<string, FieldName | undefined>)[key.toLowerCase()];
    if (field === undefined || value === null) continue;
    if (typeof value !== 'string') throw usageError(`the ${field} field of the docker credential input must be a string`);
    if (value.includes('\0')) throw usageError(`the ${field} field of the docker credential input contains a NUL byte`);
    values[field] = value;
  }
  const serverUrl = values.ServerURL ?? '';
  const username = values.Username ?? '';
  if (serverUrl === '') throw usageError(DOCKER_MISSING_SERVER_URL_MESSAGE);
  if (username === '') throw usageError(DOCKER_MISSING_USERNAME_MESSAGE);
  return { serverUrl, username, secret: values.Secret ?? '' };
}

/** The `get` answer: one JSON object and a newline, as Go's json.Encoder writes it. */
export function formatDockerGet(credentials: DockerCredentials): string {
  return (
    JSON.stringify({
      ServerURL: credentials.serverUrl,
      Username: credentials.username,
      Secret: credentials.secret,
    }) + '\n'
  );
}

/** The `list` answer: `{"<server url>":"<username>",…}` and a newline; a later duplicate wins. */
export function formatDockerList(entries: ReadonlyArray<DockerListEntry>): string {
  // A prototype-less object, so a server URL such as `__proto__` is an ordinary key.
  const map: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const entry of entries) map[entry.serverUrl] = entry.username;
  return JSON.stringify(map) + '\n';
}

/** What to write to stdout (before exiting 1) when `get` finds nothing. */
export function formatDockerNotFound(): string {
  return DOCKER_NOT_FOUND_MESSAGE + '\n';
}
