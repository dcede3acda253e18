import { describe, expect, it } from 'vitest';
import { Port42Error } from '../../src/errors.ts';
import { MAX_LINE_BYTES, parseCredentialRequest } from '../../src/helper/git-protocol.ts';
import { parseDockerServerUrl, parseDockerStoreInput } from '../../src/helper/docker-protocol.ts';
import { matchesUrl, validateMatchPattern } from '../../src/helper/url-match.ts';
import { leaksSecret, mulberry32, pick, randomInt, randomSafeValue, randomSecret, type Random } from './random.ts';

const RUNS = 5000;

interface Case {
  input: string | Buffer;
  /** Secrets planted in the input; no error message may contain any 8-character slice of them. */
  secrets: string[];
}

function randomBytes(random: Random, maxLength: number): Buffer {
  const bytes = Buffer.alloc(randomInt(random, maxLength + 1));
  for (let i = 0; i < bytes.length; i++) bytes[i] = randomInt(random, 256);
  return bytes;
}

const GIT_KEYS = [
  'protocol',
  'host',
  'path',
  'username',
  'password',
  'password_expiry_utc',
  'oauth_refresh_token',
  'url',
  'wwwauth[]',
  'capability[]',
  'state[]',
  'authtype',
  'credential',
  'ephemeral',
  'continue',
  'quit',
  'x',
  '',
];

/** One input for parseCredentialRequest: random bytes, key=value mixes, or huge lines. */
function gitCase(random: Random): Case {
  const secrets: string[] = [];
  const kind = randomInt(random, 10);
  if (kind === 0) {
    const bytes = randomBytes(random, 300);
    const secret = randomSecret(random);
    secrets.push(secret);
    return { input: Buffer.concat([bytes, Buffer.from(`\npassword=${secret}`), randomBytes(random, 20)]), secrets };
  }
  if (kind === 1) {
    // Huge lines around the 65535-byte limit, sometimes with a secret at the start.
    const secret = randomSecret(random);
    secrets.push(secret);
    const size = MAX_LINE_BYTES - 40 + randomInt(random, 80);
    const line = `password=${secret}${'y'.repeat(size)}`;
    return { input: `host=h\n${line}${random() < 0.5 ? '\n' : ''}`, secrets };
  }
  const lines: string[] = [];
  const count = randomInt(random, 12);
  for (let i = 0; i < count; i++) {
    const key = pick(random, GIT_KEYS);
    let value: string;
    if (key === 'password' || key === 'oauth_refresh_token') {
      value = randomSecret(random, 8 + randomInt(random, 40));
      secrets.push(value);
    } else if (key === 'url') {
      const secret = randomSecret(random);
      secrets.push(secret);
      value = `${pick(random, ['https', 'http', '', 'ssh'])}${pick(random, ['://', ':/', ''])}${pick(random, ['', 'u@', `u:${secret}@`])}${randomSafeValue(random, 20)}`;
    } else {
      value = randomSafeValue(random, 30);
    }
    let line = random() < 0.05 ? `${key}${value}` : `${key}=${value}`;
    const r = random();
    if (r < 0.03) line += '\0';
    else if (r < 0.06) line += '\r';
    else if (r < 0.08) line = '';
    lines.push(line);
  }
  const separator = random() < 0.2 ? '\r\n' : '\n';
  let text = lines.join(separator);
  if (random() < 0.5) text += separator;
  const input = random() < 0.5 ? text : Buffer.concat([Buffer.from(text), random() < 0.1 ? Buffer.from([0xff]) : Buffer.alloc(0)]);
  return { input, secrets };
}

const DOCKER_KEYS = ['ServerURL', 'serverurl', 'Username', 'USERNAME', 'Secret', 'secret', 'Other'];

/** One input for parseDockerStoreInput: JSON-ish mixes, truncations, random bytes. */
function dockerCase(random: Random): Case {
  const secret = randomSecret(random);
  const kind = randomInt(random, 8);
  if (kind === 0) {
    return { input: Buffer.concat([randomBytes(random, 200), Buffer.from(`"Secret":"${secret}"`)]), secrets: [secret] };
  }
  const entries: string[] = [];
  if (random() < 0.6) {
    entries.push(`${JSON.stringify(pick(random, ['ServerURL', 'serverURL']))}:${JSON.stringify(randomSafeValue(random, 20) || 'r')}`);
    entries.push(`${JSON.stringify(pick(random, ['Username', 'username']))}:${JSON.stringify(randomSafeValue(random, 20) || 'u')}`);
  }
  const count = randomInt(random, 4);
  for (let i = 0; i < count; i++) {
    const key = pick(random, DOCKER_KEYS);
    const value =
      key.toLowerCase() === 'secret'
        ? random() < 0.6
          ? JSON.stringify(secret)
          : pick(random, [`[${JSON.stringify(secret)}]`, `"${secret}\\u0000"`, 'null', '42'])
        : random() < 0.7
          ? JSON.stringify(randomSafeValue(random, 20))
          : pick(random, ['""', 'null', 'true', '{}']);
    entries.push(`${JSON.stringify(key)}:${value}`);
  }
  if (random() < 0.3) entries.push(`"Secret":${JSON.stringify(secret)}`);
  let text = `{${entries.join(',')}}`;
  const r = random();
  if (r < 0.2) text = text.slice(0, randomInt(random, text.length + 1));
  else if (r < 0.3) text = `${text}${secret}`;
  else if (r < 0.35) text = `[${text}]`;
  else if (r < 0.4) text = text.replace(/"/g, "'");
  else if (r < 0.45) text = 'x'.repeat(70_000) + text;
  return { input: random() < 0.5 ? text : Buffer.from(text), secrets: [secret] };
}

/** One input for parseDockerServerUrl. */
function serverUrlCase(random: Random): Case {
  const secret = randomSecret(random);
  const kind = randomInt(random, 4);
  if (kind === 0) return { input: Buffer.concat([randomBytes(random, 100), Buffer.from(secret)]), secrets: [secret] };
  if (kind === 1) return { input: `${secret}\n${randomSafeValue(random, 10)}`, secrets: [secret] };
  if (kind === 2) return { input: `${randomSafeValue(random, 40)}${random() < 0.5 ? '\n' : ''}`, secrets: [] };
  const padding = random() < 0.1 ? 'z'.repeat(randomInt(random, 70_000)) : randomSafeValue(random, 20);
  return { input: `  ${secret}\0${padding}`, secrets: [secret] };
}

/** Values found after `password=` or `"Secret"` in the raw input, as extra secrets to check. */
function secretsFollowingMarkers(input: string | Buffer): string[] {
  const text = typeof input === 'string' ? input : input.toString('latin1');
  const found: string[] = [];
  for (const marker of [/password=([^\n]*)/g, /"Secret"\s*:\s*"?([^"]*)/gi]) {
    for (const match of text.matchAll(marker)) {
      const value = (match[1] ?? '').slice(0, 200);
      if (value.length >= 8) found.push(value);
    }
  }
  return found;
}

function checkParser(name: string, seed: number, makeCase: (random: Random) => Case, parse: (input: string | Buffer) => unknown): void {
  const random = mulberry32(seed);
  let accepted = 0;
  let refused = 0;
  for (let i = 0; i < RUNS; i++) {
    const { input, secrets } = makeCase(random);
    try {
      parse(input);
      accepted++;
    } catch (error) {
      refused++;
      if (!(error instanceof Port42Error)) {
        throw new Error(`${name} run ${i} (seed ${seed}) threw a non-Port42Error: ${String(error)}`);
      }
      if (error.code !== 'usage') throw new Error(`${name} run ${i} (seed ${seed}) threw code ${error.code}`);
      const text = `${error.message}\n${error.hint ?? ''}`;
      for (const secret of [...secrets, ...secretsFollowingMarkers(input)]) {
        if (leaksSecret(text, secret)) {
          throw new Error(`${name} run ${i} (seed ${seed}): the error message contains part of a secret: ${error.message}`);
        }
      }
    }
  }
  // Both outcomes must have been exercised for the fuzzing to mean anything.
  expect(accepted).toBeGreaterThan(RUNS / 20);
  expect(refused).toBeGreaterThan(RUNS / 20);
}

describe('fuzzing the parsers', () => {
  it(`parseCredentialRequest returns a request or throws a usage Port42Error without secrets (${RUNS} inputs)`, () => {
    checkParser('parseCredentialRequest', 1, gitCase, (input) => {
      const request = parseCredentialRequest(input);
      if (!Array.isArray(request.wwwauth) || !Array.isArray(request.capabilities)) throw new Error('arrays missing');
      return request;
    });
  });

  it(`parseDockerStoreInput returns credentials or throws a usage Port42Error without secrets (${RUNS} inputs)`, () => {
    checkParser('parseDockerStoreInput', 2, dockerCase, (input) => {
      const credentials = parseDockerStoreInput(input);
      if (credentials.serverUrl === '' || credentials.username === '') throw new Error('empty field accepted');
      return credentials;
    });
  });

  it(`parseDockerServerUrl returns a URL or throws a usage Port42Error without secrets (${RUNS} inputs)`, () => {
    checkParser('parseDockerServerUrl', 3, serverUrlCase, (input) => parseDockerServerUrl(input));
  });

  it(`validateMatchPattern and matchesUrl never throw (${RUNS} inputs)`, () => {
    const random = mulberry32(4);
    const pieces = [
      'https://',
      'http://',
      'ssh://',
      '//',
      'a',
      'api.openai.com',
      ':',
      '8443',
      '/',
      'team',
      '?',
      '#',
      '@',
      '*',
      '%',
      '%zz',
      '[::1]',
      ' ',
      '\\',
      'é',
      '\0',
    ];
    for (let i = 0; i < RUNS; i++) {
      let pattern = '';
      const count = randomInt(random, 8);
      for (let j = 0; j < count; j++) pattern += random() < 0.8 ? pick(random, pieces) : randomSafeValue(random, 5);
      const reason = validateMatchPattern(pattern);
      if (reason === '') throw new Error(`empty reason for ${JSON.stringify(pattern)}`);
      const request = {
        protocol: pick(random, ['https', 'http', 'ssh']),
        host: pick(random, ['api.openai.com', 'a', '[::1]', 'É', '']),
        path: randomSafeValue(random, 10),
      };
      const matched = matchesUrl(pattern, request);
      if (reason !== undefined && matched) throw new Error(`invalid pattern ${JSON.stringify(pattern)} matched`);
    }
  });
});
