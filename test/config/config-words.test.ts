/** Config mistakes in port42's own words, with file:line and the closest valid choice (issue 10, items 5 and 7). */
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { main } from '../../src/cli/main.ts';
import { createTestContext, TEST_CONFIG } from '../support/test-context.ts';
import { createSandbox, runCli, type Sandbox } from '../support/cli.ts';

async function errorFor(config: string): Promise<string> {
  const tc = createTestContext({ files: { [TEST_CONFIG]: config } });
  expect(await main(tc.ctx, ['auth', 'token', 'work'])).toBe(3);
  return tc.stderr.text;
}

describe('config values', () => {
  it('model = 4 says which type is expected, at file:line', async () => {
    expect(await errorFor('[profiles.work]\nprovider = "openai"\nmodel = 4\n')).toContain(
      'config.toml:3: profiles.work.model: expected a string in quotes, got the number 4: write model = "4"',
    );
  });

  it('auth = "apikey" suggests "api-key"', async () => {
    expect(await errorFor('[profiles.work]\nprovider = "openai"\nauth = "apikey"\n')).toContain(
      'config.toml:3: profiles.work.auth: "apikey" is not a valid value; did you mean "api-key"?',
    );
  });

  it('a misspelt key and a misspelt provider get the closest name', async () => {
    expect(await errorFor('[profiles.work]\nprovider = "openai"\nmodle = "x"\n')).toContain('unknown key "modle"; did you mean "model"?');
    expect(await errorFor('[profiles.work]\nprovider = "opneai"\n')).toContain(
      'config.toml:2: profiles.work.provider: unknown provider "opneai"; did you mean openai?',
    );
  });

  it('an unclosed string says so with its line', async () => {
    expect(await errorFor('[profiles.work]\nprovider = "openai\nmodel = "x"\n')).toContain(
      'config.toml:2: not valid TOML: the string opened on line 2 is not closed: add the closing "',
    );
  });

  it('match = "url" shows the list form', async () => {
    expect(await errorFor('[profiles.work]\nprovider = "openai"\nmatch = "https://x.example"\n')).toContain(
      'write match = ["https://x.example"]',
    );
  });
});

describe('profile add --provider typo (real executable)', () => {
  let sandbox: Sandbox | undefined;
  afterEach(() => sandbox?.cleanup());

  it('names no line that does not exist, suggests the closest provider and changes nothing', async () => {
    const s = (sandbox = createSandbox());
    const text = '[profiles.work]\nprovider = "openai"\n';
    s.writeConfig(text);
    const result = await runCli(s, ['profile', 'add', 'work2', '--provider', 'opneai']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'port42: unknown provider "opneai"; did you mean openai?\n  run: port42 profile add work2 --provider openai\n',
    );
    expect(readFileSync(s.configPath, 'utf8')).toBe(text);
  });

  it('an edit that would be invalid names no line of the file', async () => {
    const s = (sandbox = createSandbox());
    s.writeConfig('[profiles.work]\nprovider = "openai"\n');
    const result = await runCli(s, ['profile', 'add', 'work2', '--provider', 'openai', '--base-url', 'not-a-url']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('profiles.work2.base_url: expected a URL');
    expect(result.stderr).toContain('config.toml was not changed');
    expect(result.stderr).not.toMatch(/config\.toml:\d/);
  });
});
