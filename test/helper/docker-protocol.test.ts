import { describe, expect, it } from 'vitest';
import { Port42Error } from '../../src/errors.ts';
import {
  DOCKER_MISSING_SERVER_URL_MESSAGE,
  DOCKER_MISSING_USERNAME_MESSAGE,
  DOCKER_NOT_FOUND_MESSAGE,
  formatDockerGet,
  formatDockerList,
  formatDockerNotFound,
  parseDockerAction,
  parseDockerServerUrl,
  parseDockerStoreInput,
} from '../../src/helper/docker-protocol.ts';

const SECRET = 'dckr_pat_Zq8vN3xT1mYwK7pR';

function errorOf(run: () => unknown): Port42Error {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(Port42Error);
    return error as Port42Error;
  }
  throw new Error('expected an error');
}

describe('docker protocol constants', () => {
  it('uses the exact texts the docker client compares stdout with', () => {
    expect(DOCKER_NOT_FOUND_MESSAGE).toBe('credentials not found in native keychain');
    expect(DOCKER_MISSING_SERVER_URL_MESSAGE).toBe('no credentials server URL');
    expect(DOCKER_MISSING_USERNAME_MESSAGE).toBe('no credentials username');
    expect(formatDockerNotFound()).toBe('credentials not found in native keychain\n');
  });
});

describe('parseDockerAction', () => {
  it.each(['get', 'store', 'erase', 'list', 'version'] as const)('recognises %s', (action) => {
    expect(parseDockerAction(action)).toBe(action);
  });
  it.each([undefined, '', 'GET', 'capability', 'fill'])('calls %j unknown', (arg) => {
    expect(parseDockerAction(arg)).toBe('unknown');
  });
});

describe('parseDockerServerUrl', () => {
  it('trims the trailing newline and surrounding whitespace', () => {
    expect(parseDockerServerUrl('https://index.docker.io/v1/\n')).toBe('https://index.docker.io/v1/');
    expect(parseDockerServerUrl('  registry.example.com:5000\r\n')).toBe('registry.example.com:5000');
    expect(parseDockerServerUrl(Buffer.from('ghcr.io'))).toBe('ghcr.io');
  });

  it('refuses an empty server URL with the message docker recognises', () => {
    expect(errorOf(() => parseDockerServerUrl('')).message).toBe(DOCKER_MISSING_SERVER_URL_MESSAGE);
    expect(errorOf(() => parseDockerServerUrl(' \n\t')).message).toBe(DOCKER_MISSING_SERVER_URL_MESSAGE);
  });

  it('refuses a multi-line server URL and a NUL', () => {
    expect(errorOf(() => parseDockerServerUrl('a\nb')).message).toMatch(/single line/);
    expect(errorOf(() => parseDockerServerUrl('a\0b')).message).toMatch(/NUL/);
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(errorOf(() => parseDockerServerUrl(Buffer.from([0xc3, 0x28]))).message).toMatch(/utf-8/);
  });
});

describe('parseDockerStoreInput', () => {
  it('reads the JSON docker sends (with its trailing newline)', () => {
    const input = JSON.stringify({ ServerURL: 'https://index.docker.io/v1/', Username: 'bob', Secret: SECRET }) + '\n';
    expect(parseDockerStoreInput(input)).toStrictEqual({
      serverUrl: 'https://index.docker.io/v1/',
      username: 'bob',
      secret: SECRET,
    });
  });

  it('matches keys case-insensitively and lets a later duplicate win, like Go encoding/json', () => {
    expect(parseDockerStoreInput('{"serverurl":"a","USERNAME":"u","secret":"x","Secret":"y"}')).toStrictEqual({
      serverUrl: 'a',
      username: 'u',
      secret: 'y',
    });
  });

  it('ignores unknown keys and null values, and allows an empty or missing Secret', () => {
    expect(parseDockerStoreInput('{"ServerURL":"a","Username":"u","Extra":1,"Secret":null}')).toStrictEqual({
      serverUrl: 'a',
      username: 'u',
      secret: '',
    });
  });

  it('reads the <token> username docker uses for identity tokens', () => {
    expect(parseDockerStoreInput('{"ServerURL":"a","Username":"<token>","Secret":"t"}').username).toBe('<token>');
  });

  it('refuses a missing server URL or username with the messages docker recognises', () => {
    expect(errorOf(() => parseDockerStoreInput(`{"Username":"u","Secret":"${SECRET}"}`)).message).toBe(DOCKER_MISSING_SERVER_URL_MESSAGE);
    expect(errorOf(() => parseDockerStoreInput(`{"ServerURL":"a","Username":"","Secret":"${SECRET}"}`)).message).toBe(
      DOCKER_MISSING_USERNAME_MESSAGE,
    );
  });

  it.each([
    ['truncated JSON', `{"ServerURL":"a","Username":"u","Secret":"${SECRET}`, /not valid JSON/],
    ['a bare secret', SECRET, /not valid JSON/],
    ['trailing text after the object', `{"ServerURL":"a","Username":"u","Secret":"${SECRET}"} ${SECRET}`, /not valid JSON/],
    ['single-quoted JSON', `{'ServerURL':'a','Username':'u','Secret':'${SECRET}'}`, /not valid JSON/],
    ['a JSON array', `["${SECRET}"]`, /not a JSON object/],
    ['a JSON string', `"${SECRET}"`, /not a JSON object/],
    ['a non-string Secret', `{"ServerURL":"a","Username":"u","Secret":["${SECRET}"]}`, /Secret field .* must be a string/],
    ['a NUL in the Secret', `{"ServerURL":"a","Username":"u","Secret":"${SECRET}\\u0000"}`, /Secret field .* NUL/],
    ['invalid UTF-8', Buffer.concat([Buffer.from(`{"Secret":"${SECRET}`), Buffer.from([0xff]), Buffer.from('"}')]), /utf-8/],
  ])('refuses %s without echoing the secret', (_name, input, expected) => {
    const error = errorOf(() => parseDockerStoreInput(input));
    expect(error.code).toBe('usage');
    expect(error.message).toMatch(expected);
    expect(error.message).not.toContain(SECRET.slice(0, 8));
    expect(error.message).not.toContain(SECRET.slice(-8));
    expect(error.cause).toBeUndefined();
    expect(error.hint ?? '').not.toContain(SECRET.slice(0, 8));
  });
});

describe('formatDockerGet', () => {
  it('writes the JSON object docker reads, with a trailing newline', () => {
    const text = formatDockerGet({ serverUrl: 'https://index.docker.io/v1/', username: 'bob', secret: SECRET });
    expect(text.endsWith('\n')).toBe(true);
    expect(Object.keys(JSON.parse(text) as object)).toStrictEqual(['ServerURL', 'Username', 'Secret']);
    expect(JSON.parse(text)).toStrictEqual({ ServerURL: 'https://index.docker.io/v1/', Username: 'bob', Secret: SECRET });
  });

  it('escapes quotes, newlines and non-ASCII so the output stays one line of JSON', () => {
    const secret = 'a"b\\c\nd\u2028é';
    const text = formatDockerGet({ serverUrl: 's', username: 'u', secret });
    expect(text.indexOf('\n')).toBe(text.length - 1);
    expect((JSON.parse(text) as { Secret: string }).Secret).toBe(secret);
  });

  it('round-trips through parseDockerStoreInput', () => {
    const credentials = { serverUrl: 'ghcr.io', username: 'bob', secret: SECRET };
    expect(parseDockerStoreInput(formatDockerGet(credentials))).toStrictEqual(credentials);
  });
});

describe('formatDockerList', () => {
  it('writes a server URL → username object with a trailing newline', () => {
    const text = formatDockerList([
      { serverUrl: 'https://index.docker.io/v1/', username: 'bob' },
      { serverUrl: 'ghcr.io', username: '<token>' },
    ]);
    expect(text).toBe('{"https://index.docker.io/v1/":"bob","ghcr.io":"<token>"}\n');
  });

  it('writes {} for no entries', () => {
    expect(formatDockerList([])).toBe('{}\n');
  });

  it('lets a later duplicate win and treats __proto__ as an ordinary key', () => {
    const text = formatDockerList([
      { serverUrl: 'a', username: '1' },
      { serverUrl: '__proto__', username: 'p' },
      { serverUrl: 'a', username: '2' },
    ]);
    expect(text).toBe('{"a":"2","__proto__":"p"}\n');
  });
});
