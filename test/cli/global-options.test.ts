/**
 * The global `--profile` may come before the command, as with gh and git: it is moved after the
 * command path, so the line is parsed on the fast path like any other hot verb.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { globalOptionsAfterCommand } from '../../src/cli/main.ts';
import { createSandbox, runCli } from '../support/cli.ts';

describe('globalOptionsAfterCommand', () => {
  it.each([
    [
      ['--profile', 'work', 'auth', 'token'],
      ['auth', 'token', '--profile', 'work'],
    ],
    [
      ['--profile=work', 'env', '--shell', 'bash'],
      ['env', '--profile=work', '--shell', 'bash'],
    ],
    [
      ['--profile', 'a', '--profile=b', 'exec', '--', 'true'],
      ['exec', '--profile', 'a', '--profile=b', '--', 'true'],
    ],
  ])('moves %j to %j', (typed, expected) => {
    expect(globalOptionsAfterCommand(typed)).toEqual(expected);
  });

  it.each([[['auth', 'token', '--profile', 'work']], [['--profile', 'work', 'nonsense']], [['--profile']], [['--version']]])(
    'leaves %j as it is',
    (typed) => {
      expect(globalOptionsAfterCommand(typed)).toEqual(typed);
    },
  );
});

describe('port42 --profile NAME <command>', () => {
  const sandbox = createSandbox({ WORK_KEY: 'sk-proj-globalOptionFirst0123456789' });
  sandbox.writeConfig('[profiles.work]\nprovider = "openai"\nauth = "env"\nfrom_env = "WORK_KEY"\n');
  afterAll(() => sandbox.cleanup());

  it('works for auth token and env exactly as with the option after the command', async () => {
    const first = await runCli(sandbox, ['--profile', 'work', 'auth', 'token']);
    expect(first).toMatchObject({ code: 0, stdout: 'sk-proj-globalOptionFirst0123456789\n' });
    const env = await runCli(sandbox, ['--profile=work', 'env', '--shell', 'bash']);
    expect(env.code, env.stderr).toBe(0);
    expect(env.stdout).toBe((await runCli(sandbox, ['env', '--profile=work', '--shell', 'bash'])).stdout);
  });
});
