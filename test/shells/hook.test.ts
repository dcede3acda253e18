import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderHook } from '../../src/shells/hook.ts';
import { programsAvailable } from '../support/real-component.ts';
import { run, scratch, type Scratch } from './harness.ts';
import { cleanEnv } from './roundtrip.ts';

type HookShell = 'bash' | 'zsh' | 'fish';

/**
 * A stand-in for port42 at a path with a space and a quote: it logs its arguments and, like the
 * real `env --hook`, exports something and clears PORT42_EXPIRES_AT (as a fresh export would).
 */
function fakeSelf(sc: Scratch): { self: string; calls: () => string[] } {
  const dir = join(sc.dir, "it's a dir");
  mkdirSync(dir, { recursive: true });
  const log = join(sc.dir, 'calls');
  const self = join(dir, 'port42');
  sc.file(
    "it's a dir/port42",
    `#!/bin/sh
printf '%s\\n' "$*" >> '${log}'
case $4 in
  fish) printf "set -gx HOOKED '%s'\\nset -e PORT42_EXPIRES_AT\\n" "$PWD" ;;
  *) printf "export HOOKED='%s'\\nunset PORT42_EXPIRES_AT\\n" "$PWD" ;;
esac
`,
  );
  chmodSync(self, 0o755);
  return { self, calls: () => readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

/**
 * One session, a prompt after each step: install twice, a prompt (call 1), cd (call 2), expiry
 * due (call 3, which clears it), not due, not a number (an injection attempt), due at 0 (call 4),
 * then `$?` as the next command sees it.
 */
function session(shell: HookShell, sc: Scratch, hook: string, project: string, prompt: string): string[] {
  const out = (name: string): string => `'${join(sc.dir, name)}'`;
  const set = (value: string): string => (shell === 'fish' ? `set -gx PORT42_EXPIRES_AT ${value}` : `export PORT42_EXPIRES_AT=${value}`);
  const now = shell === 'fish' ? '(date +%s)' : '$(date +%s)';
  const math = (expr: string): string => (shell === 'fish' ? `(math ${expr})` : `$(( ${expr} ))`);
  const lines = [
    `source '${hook}'`,
    `source '${hook}'`,
    `cd '${project}'`,
    `printf %s "$HOOKED" > ${out('hooked')}`,
    set(math(`${now} + 30`)),
    'true',
    set(math(`${now} + 3600`)),
    set(`'a[$(touch ${sc.canary})](touch ${sc.canary})'`),
    set('0'),
    'false',
    `printf %s "$?" > ${out('status')}`,
  ];
  // fish keeps $status across prompt events itself, and `emit` would reset it here.
  // fish runs no prompt events on piped input, so the fish session emits them itself.
  return shell === 'fish' ? lines.slice(0, -2).map((line) => `${line}; ${prompt}`) : lines;
}

const SHELLS: { shell: HookShell; argv: string[]; viaStdin: boolean }[] = [
  { shell: 'bash', argv: ['--norc', '--noprofile', '--noediting', '-i'], viaStdin: true },
  { shell: 'zsh', argv: ['-f', '-i'], viaStdin: true },
  { shell: 'fish', argv: ['--no-config', '-c'], viaStdin: false },
];

for (const { shell, argv, viaStdin } of SHELLS) {
  describe.skipIf(!programsAvailable(`${shell} hook`, shell))(`${shell} hook`, () => {
    const sc = scratch();
    afterAll(() => sc.remove());
    const project = join(sc.dir, 'project');
    mkdirSync(project);
    const { self, calls } = fakeSelf(sc);
    const hook = sc.file(`hook.${shell}`, renderHook(shell, self));

    it(`calls env --hook on the first prompt, after cd and when expiry is due in ${shell}, once per event even if installed twice`, () => {
      const lines = session(shell, sc, hook, project, 'emit fish_prompt');
      const script = viaStdin ? `${lines.join('\n')}\nexit\n` : lines.join('\n');
      run(shell, viaStdin ? argv : [...argv, script], { env: cleanEnv(sc, 'C.UTF-8'), cwd: sc.dir, input: viaStdin ? script : '' });
      expect(calls()).toEqual(Array(4).fill(`env --hook --shell ${shell}`));
      expect(readFileSync(join(sc.dir, 'hooked'), 'utf8')).toBe(project);
      if (shell !== 'fish') expect(readFileSync(join(sc.dir, 'status'), 'utf8'), 'keeps $?').toBe('1');
      expect(sc.canaryFired()).toBe(false);
    });
  });
}

describe.skipIf(!programsAvailable('bash hook PROMPT_COMMAND', 'bash'))('bash hook and PROMPT_COMMAND', () => {
  const sc = scratch();
  afterAll(() => sc.remove());
  const hook = sc.file('hook.bash', renderHook('bash', '/nonexistent/port42'));

  it.each([
    ['a string', `PROMPT_COMMAND='echo mine'`, `declare -- PROMPT_COMMAND="_port42_hook;echo mine"`],
    [
      'an array',
      `PROMPT_COMMAND=('echo mine' 'echo also')`,
      `declare -a PROMPT_COMMAND=([0]="_port42_hook" [1]="echo mine" [2]="echo also")`,
    ],
    ['unset', `unset PROMPT_COMMAND`, `declare -- PROMPT_COMMAND="_port42_hook"`],
  ])('keeps an existing PROMPT_COMMAND that is %s and adds itself once', (_kind, before, after) => {
    const script = `${before}; source '${hook}'; source '${hook}'; declare -p PROMPT_COMMAND`;
    expect(run('bash', ['--norc', '-c', script], { env: cleanEnv(sc, 'C.UTF-8') }).trim()).toBe(after);
  });
});

describe.skipIf(!programsAvailable('zsh hook registration', 'zsh'))('zsh hook registration', () => {
  const sc = scratch();
  afterAll(() => sc.remove());
  const hook = sc.file('hook.zsh', renderHook('zsh', '/nonexistent/port42'));

  it('keeps existing precmd and chpwd functions and adds itself once to each', () => {
    const script = `mine() {}; precmd_functions=(mine); source '${hook}'; source '${hook}'; print -r -- "$precmd_functions|$chpwd_functions"`;
    expect(run('zsh', ['-f', '-c', script], { env: cleanEnv(sc, 'C.UTF-8') }).trim()).toBe('_port42_hook mine|_port42_hook');
  });
});
