import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHook } from '../../src/shells/hook.ts';
import { PORT42_BIN, runCli, type Sandbox } from '../support/cli.ts';
import { programsAvailable } from '../support/real-component.ts';
import { SECRET, consumerSandbox } from './support.ts';

/**
 * The installed prompt hook with the real port42 in real bash, zsh and fish: `cd` into a
 * directory whose .port42.toml names a profile sets its variables, `cd` out unsets them, a
 * profile that cannot be resolved sets nothing and is retried at the next prompt.
 */
type HookShell = 'bash' | 'zsh' | 'fish';

let sandbox: Sandbox;
let project: string;
let locked: string;
let untrusted: string;

beforeAll(async () => {
  sandbox = consumerSandbox(
    `store = "file"

[profiles.work]
provider = "openai"
auth = "env"
from_env = "WORK_SECRET"
model = "gpt-4.1"

[profiles.locked]
provider = "anthropic"
`,
    { WORK_SECRET: SECRET, PORT42_PASSPHRASE: 'hook-test' },
  );
  project = join(sandbox.home, 'project');
  locked = join(sandbox.home, 'locked');
  mkdirSync(join(project, 'sub'), { recursive: true });
  mkdirSync(locked);
  writeFileSync(join(project, '.port42.toml'), 'profile = "work"\n');
  writeFileSync(join(locked, '.port42.toml'), 'profile = "locked"\n');
  untrusted = join(sandbox.home, 'clone');
  mkdirSync(join(untrusted, 'sub'), { recursive: true });
  writeFileSync(join(untrusted, '.port42.toml'), 'profile = "work"\n');
  for (const dir of [project, locked]) expect((await runCli(sandbox, ['trust', dir])).code).toBe(0);
});
afterAll(() => sandbox?.cleanup());

/** Shell lines: install, then cd around, recording OPENAI_API_KEY/OPENAI_MODEL after each step. */
function session(shell: HookShell, out: string): string[] {
  const record = (label: string): string =>
    shell === 'fish'
      ? `printf '%s=%s,%s\\n' ${label} (set -q OPENAI_API_KEY; and echo $OPENAI_API_KEY; or echo unset) (set -q OPENAI_MODEL; and echo $OPENAI_MODEL; or echo unset) >> '${out}'`
      : `printf '%s=%s,%s\\n' ${label} "\${OPENAI_API_KEY-unset}" "\${OPENAI_MODEL-unset}" >> '${out}'`;
  const install = shell === 'fish' ? 'port42 hook fish | source' : `eval "$(port42 hook ${shell})"`;
  return [
    install,
    record('home'),
    `cd '${project}/sub'`,
    record('inside'),
    `cd '${sandbox.home}'`,
    record('outside'),
    `cd '${locked}'`,
    record('locked'),
    'true',
    record('again'),
  ];
}

const SHELLS: { shell: HookShell; argv: string[] }[] = [
  { shell: 'bash', argv: ['--norc', '--noprofile', '--noediting', '-i'] },
  { shell: 'zsh', argv: ['-f', '-i'] },
  { shell: 'fish', argv: ['--no-config', '-c'] },
];

for (const { shell, argv } of SHELLS) {
  describe.runIf(programsAvailable(`${shell} prompt hook`, shell))(`port42 hook ${shell} (real ${shell}, real port42)`, () => {
    it('sets the profile on cd into the project, unsets it on cd out, and sets nothing for a profile that needs a login', () => {
      const out = join(sandbox.home, `record-${shell}`);
      const lines = session(shell, out);
      // bash and zsh read the session as an interactive shell (prompts run); fish reacts to PWD changes and needs no prompt.
      const script = shell === 'fish' ? lines.join('\n') : `${lines.join('\n')}\nexit\n`;
      const result = spawnSync(shell, shell === 'fish' ? [...argv, script] : argv, {
        cwd: sandbox.home,
        env: { ...sandbox.env, SHELL: `/bin/${shell}` },
        input: shell === 'fish' ? '' : script,
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(readFileSync(out, 'utf8')).toBe(
        ['home=unset,unset', `inside=${SECRET},gpt-4.1`, 'outside=unset,unset', 'locked=unset,unset', 'again=unset,unset', ''].join('\n'),
      );
      const stderr = result.stderr;
      expect(stderr).toContain(`port42: profile "work" set (from ${project}/.port42.toml)`);
      expect(stderr).toContain(`port42: profile "work" unset (left ${project}/.port42.toml)`);
      const refusals = stderr.split('port42: profile "locked" has no key stored').length - 1;
      // Retried at every later prompt, as direnv retries a blocked .envrc; fish -c has no prompts.
      if (shell === 'fish') expect(refusals).toBe(1);
      else expect(refusals).toBeGreaterThanOrEqual(2);
      expect(stderr).not.toContain(SECRET);
    });
  });
}

for (const { shell, argv } of SHELLS) {
  describe.runIf(programsAvailable(`${shell} prompt hook`, shell))(`port42 hook ${shell} in an untrusted clone`, () => {
    it('sets nothing and says so once for the directory file, not at every cd or prompt', () => {
      const out = join(sandbox.home, `untrusted-${shell}`);
      const record = (label: string): string =>
        shell === 'fish'
          ? `printf '%s=%s\\n' ${label} (set -q OPENAI_API_KEY; and echo $OPENAI_API_KEY; or echo unset) >> '${out}'`
          : `printf '%s=%s\\n' ${label} "\${OPENAI_API_KEY-unset}" >> '${out}'`;
      const lines = [
        shell === 'fish' ? 'port42 hook fish | source' : `eval "$(port42 hook ${shell})"`,
        `cd '${untrusted}'`,
        record('clone'),
        `cd '${untrusted}/sub'`,
        'true',
        `cd '${untrusted}'`,
        record('again'),
      ];
      const script = shell === 'fish' ? lines.join('\n') : `${lines.join('\n')}\nexit\n`;
      const result = spawnSync(shell, shell === 'fish' ? [...argv, script] : argv, {
        cwd: sandbox.home,
        env: { ...sandbox.env, SHELL: `/bin/${shell}` },
        input: shell === 'fish' ? '' : script,
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(readFileSync(out, 'utf8')).toBe('clone=unset\nagain=unset\n');
      const notes = result.stderr.split(`port42: ignoring ${untrusted}/.port42.toml: not trusted yet`).length - 1;
      expect(notes, result.stderr).toBe(1);
      expect(result.stderr).toContain(`  run: port42 trust ${untrusted}\n`);
    });
  });
}

describe('port42 hook (real CLI)', () => {
  it('prints the hook with the absolute path it was run by, a symlink kept as such', async () => {
    const link = join(sandbox.home, 'port42');
    symlinkSync(PORT42_BIN, link);
    const { execa } = await import('execa');
    const result = await execa(link, ['hook', 'zsh'], { env: sandbox.env, extendEnv: false, cwd: sandbox.home, reject: false });
    expect(result.exitCode).toBe(0);
    expect(String(result.stdout) + '\n').toBe(renderHook('zsh', link));
  });

  it('refuses a shell without a hook', async () => {
    const result = await runCli(sandbox, ['hook', 'tcsh']);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toContain('the prompt hook is available for bash, zsh, fish, not "tcsh"');
  });
});
