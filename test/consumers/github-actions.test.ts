import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../support/cli.ts';
import { programsAvailable } from '../support/real-component.ts';
import { SECRET, consumerSandbox } from './support.ts';

/**
 * The README's GitHub Actions step, run as the runner runs a `run:` block (bash --noprofile
 * --norc -eo pipefail), with GITHUB_ENV pointing at a file: the step's stdout carries only the
 * mask command, the env file gets the variables in the heredoc format.
 */
const STEP = `token="$(port42 auth token ci)"
echo "::add-mask::$token"
port42 env ci --shell gha >> "$GITHUB_ENV"
`;

/** Reads a GITHUB_ENV file the way the runner does (NAME=value or NAME<<DELIMITER blocks). */
function parseGithubEnv(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const block = /^([A-Za-z_][A-Za-z0-9_]*)<<(.+)$/.exec(line);
    if (block) {
      const end = lines.indexOf(block[2] ?? '', i + 1);
      vars.set(block[1] ?? '', lines.slice(i + 1, end).join('\n'));
      i = end;
    } else if (line.includes('=')) vars.set(line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1));
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

  const runStep = async (step: string) => {
    const githubEnv = join(sandbox.home, `github-env-${Math.random().toString(36).slice(2)}`);
    writeFileSync(githubEnv, '');
    const script = join(sandbox.home, 'step.sh');
    writeFileSync(script, step);
    const result = await execa('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      env: { ...sandbox.env, GITHUB_ENV: githubEnv },
      extendEnv: false,
      cwd: sandbox.home,
      reject: false,
      stdin: 'ignore',
    });
    return { code: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr), env: readFileSync(githubEnv, 'utf8') };
  };

  it('masks the key on stdout and writes the variables to GITHUB_ENV', async () => {
    const result = await runStep(STEP);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`::add-mask::${SECRET}`);
    const vars = parseGithubEnv(result.env);
    expect(vars.get('OPENAI_API_KEY')).toBe(SECRET);
    expect(vars.get('OPENAI_BASE_URL')).toBe('https://llm.corp.example/v1');
    expect(vars.get('PORT42_PROFILE')).toBe('ci');
  });

  it('fails the step before writing anything when the key is missing', async () => {
    const result = await runStep(STEP.replaceAll(' ci', ' broken'));
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.env).toBe('');
    expect(result.stderr).toContain('port42: profile "broken" reads its key from the environment');
  });
});
