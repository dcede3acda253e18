import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../support/cli.ts';
import { programsAvailable } from '../support/real-component.ts';
import { SECRET, consumerSandbox } from './support.ts';

/**
 * The README's GitHub Actions step, run as the runner runs a `run:` block (bash --noprofile
 * --norc -eo pipefail), with GITHUB_ENV pointing at a file: port42 appends the variables to that
 * file itself and prints only the mask command on the step's stdout. No real runner is available
 * here, so the file is read with the runner's documented and implemented rules
 * (actions/runner SetEnvFileCommand: lines split on LF, empty lines skipped, `NAME=value` when `=`
 * comes before any `<<`, else `NAME<<DELIMITER` then lines up to one equal to the delimiter).
 */
const STEP = 'port42 env ci --shell gha\n';

/** Reads a GITHUB_ENV file the way the runner does on Linux; throws where the runner would fail the step. */
function parseGithubEnv(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === '') continue;
    const eq = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (eq >= 0 && (heredoc < 0 || eq < heredoc)) {
      if (eq === 0) throw new Error(`invalid format '${line}'`);
      vars.set(line.slice(0, eq), line.slice(eq + 1));
    } else if (heredoc > 0 && heredoc + 2 < line.length) {
      const delimiter = line.slice(heredoc + 2);
      const end = lines.indexOf(delimiter, i + 1);
      if (end < 0) throw new Error(`matching delimiter not found '${delimiter}'`);
      vars.set(line.slice(0, heredoc), lines.slice(i + 1, end).join('\n'));
      i = end;
    } else {
      throw new Error(`invalid environment variable format '${line}'`);
    }
  }
  return vars;
}

describe.runIf(programsAvailable('GitHub Actions recipe', 'bash'))('GitHub Actions step (runner shell, GITHUB_ENV file)', () => {
  let sandbox: Sandbox;
  beforeAll(() => {
    sandbox = consumerSandbox(
      `[profiles.ci]
provider = "openai"
auth = "env"
from_env = "CI_OPENAI_KEY"
base_url = "https://llm.corp.example/v1"

[profiles.broken]
provider = "openai"
auth = "env"
from_env = "NOT_SET_IN_CI"
`,
      { CI_OPENAI_KEY: SECRET },
    );
  });
  afterAll(() => sandbox?.cleanup());

  const runStep = async (step: string, options: { before?: string; env?: Record<string, string> } = {}) => {
    const githubEnv = join(sandbox.home, `github-env-${Math.random().toString(36).slice(2)}`);
    writeFileSync(githubEnv, options.before ?? '');
    const script = join(sandbox.home, 'step.sh');
    writeFileSync(script, step);
    const result = await execa('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      env: { ...sandbox.env, GITHUB_ENV: githubEnv, ...options.env },
      extendEnv: false,
      cwd: sandbox.home,
      reject: false,
      stdin: 'ignore',
    });
    return {
      code: result.exitCode,
      stdout: String(result.stdout),
      stderr: String(result.stderr),
      env: readFileSync(githubEnv, 'utf8'),
      file: githubEnv,
    };
  };

  it('appends the variables to GITHUB_ENV itself and masks the key on stdout (the one-line recipe)', async () => {
    const result = await runStep(STEP);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`::add-mask::${SECRET}`);
    const vars = parseGithubEnv(result.env);
    expect(vars.get('OPENAI_API_KEY')).toBe(SECRET);
    expect(vars.get('OPENAI_BASE_URL')).toBe('https://llm.corp.example/v1');
    expect(vars.get('PORT42_PROFILE')).toBe('ci');
    // Every secret value written is masked, and only secrets: the base URL stays readable in logs.
    expect(result.stdout).not.toContain('llm.corp.example');
  });

  it('keeps what earlier steps wrote, even a last line without a newline', async () => {
    const result = await runStep(STEP, { before: 'EARLIER=1\nNO_NEWLINE=2' });
    expect(result.code, result.stderr).toBe(0);
    const vars = parseGithubEnv(result.env);
    expect([vars.get('EARLIER'), vars.get('NO_NEWLINE'), vars.get('OPENAI_API_KEY')]).toEqual(['1', '2', SECRET]);
  });

  it('writes to --github-env FILE when given', async () => {
    const other = join(sandbox.home, 'other-env');
    writeFileSync(other, '');
    const result = await runStep(`port42 env ci --shell gha --github-env ${other}\n`);
    expect(result.code, result.stderr).toBe(0);
    expect(result.env).toBe('');
    expect(parseGithubEnv(readFileSync(other, 'utf8')).get('OPENAI_API_KEY')).toBe(SECRET);
  });

  it('refuses the former recipe that redirects stdout into GITHUB_ENV, writing nothing', async () => {
    const result = await runStep('port42 env ci --shell gha >> "$GITHUB_ENV"\n');
    expect(result.code).toBe(2);
    expect(result.env).toBe('');
    expect(result.stderr).toContain('port42: stdout is the $GITHUB_ENV file');
    expect(result.stderr).toContain('run: port42 env ci --shell gha   # without >> "$GITHUB_ENV"');
  });

  it('refuses to run without GITHUB_ENV or --github-env', async () => {
    const result = await runStep('unset GITHUB_ENV; port42 env ci --shell gha\n');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('run: port42 env ci --shell gha --github-env FILE');
  });

  it('--unset writes empty values and masks nothing', async () => {
    const result = await runStep('port42 env ci --shell gha --unset\n');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
    expect(parseGithubEnv(result.env).get('OPENAI_API_KEY')).toBe('');
  });

  it('fails the step before writing anything when the key is missing', async () => {
    const result = await runStep(STEP.replace('ci', 'broken'));
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.env).toBe('');
    expect(result.stderr).toContain('port42: profile "broken" reads its key from the environment');
  });
});
