import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allCommands, type CommandSpec } from '../../src/cli/commands.ts';
import { COMPLETION_SHELLS, completionFile, renderCompletion } from '../../src/completions/render.ts';
import { completionTree } from '../../src/completions/tree.ts';
import { runCli } from '../support/cli.ts';
import { programsAvailable } from '../support/real-component.ts';
import { consumerSandbox } from '../consumers/support.ts';

/**
 * The completion scripts are generated from the command table, committed under completions/,
 * and work in the real shells: subcommands, options, option values and profile names (asked of
 * `port42 profile list` at completion time).
 */
const DIR = resolve(import.meta.dirname, '../../completions');
const sandbox = consumerSandbox('[profiles.work]\nprovider = "openai"\n\n[profiles.personal]\nprovider = "anthropic"\n');
afterAll(() => sandbox.cleanup());

function run(program: string, args: string[], input = ''): string {
  const result = spawnSync(program, args, { env: sandbox.env, cwd: sandbox.home, input, encoding: 'utf8', timeout: 20_000 });
  if (result.status !== 0) throw new Error(`${program} exited ${result.status}: ${result.stderr}`);
  return result.stdout;
}

describe('committed completion scripts', () => {
  it.each(COMPLETION_SHELLS)('completions/%s script equals the generator output', (shell) => {
    const committed = readFileSync(join(DIR, completionFile(shell)), 'utf8');
    expect(committed, 'the command table changed: run `npx tsx scripts/gen-completions.mts`').toBe(renderCompletion(shell, allCommands()));
  });

  it('port42 completion bash prints the same script (real CLI)', async () => {
    const result = await runCli(sandbox, ['completion', 'bash']);
    expect(result.stdout).toBe(readFileSync(join(DIR, 'port42.bash'), 'utf8'));
  });

  it('refuses a shell it has no script for', async () => {
    const result = await runCli(sandbox, ['completion', 'tcsh']);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toContain('completion scripts exist for bash, zsh, fish, pwsh, not "tcsh"');
  });
});

describe('the completion tree', () => {
  const spec = (path: string[], extra: Partial<CommandSpec> = {}): CommandSpec => ({ path, describe: path.join(' '), positionals: [], options: {}, run: async () => 0, ...extra });

  it('groups two-word commands under their first word and gives every command the global options', () => {
    const nodes = completionTree([
      spec(['auth', 'token'], { positionals: [{ name: 'profile', describe: 'p', completeProfiles: true }] }),
      spec(['env'], { options: { shell: { type: 'string', describe: 's', choices: ['bash', 'fish'] }, unset: { type: 'boolean', describe: 'u' } } }),
      spec(['status'], { positionals: [{ name: 'profile', describe: 'p', completeProfiles: true, variadic: true }] }),
    ]);
    expect(nodes.map((n) => n.path.join(' '))).toEqual(['', 'auth', 'auth token', 'env', 'status']);
    expect(nodes[0]?.subcommands.map((s) => s.name)).toEqual(['auth', 'env', 'status']);
    expect(nodes[2]?.positionals).toEqual([{ kind: 'profiles' }]);
    expect(nodes[3]?.options.map((o) => [o.name, o.value])).toEqual([
      ['profile', { kind: 'profiles' }],
      ['shell', { kind: 'words', words: ['bash', 'fish'] }],
      ['unset', undefined],
      ['help', undefined],
    ]);
    expect(nodes[4]?.variadic).toBe(true);
  });

  it('refuses a word that is both a command and a group', () => {
    expect(() => completionTree([spec(['auth']), spec(['auth', 'token'])])).toThrow('"auth" is both a command and a group');
  });

  it('covers every command of the real table', () => {
    const bash = renderCompletion('bash', allCommands());
    for (const command of allCommands()) expect(bash).toContain(`'${command.path.join(' ')}')`);
  });
});

describe.runIf(programsAvailable('bash completion', 'bash'))('bash completion (real bash)', () => {
  const complete = (...words: string[]): string => {
    const script = `source '${join(DIR, 'port42.bash')}'
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}
_port42; printf '%s\\n' "\${COMPREPLY[@]}"`;
    return run('bash', ['--norc', '--noprofile', '-c', script]);
  };

  it.each([
    [['port42', 'au'], ['auth', 'audit']],
    [['port42', 'auth', 'to'], ['token']],
    [['port42', 'auth', 'token', ''], ['work', 'personal']],
    [['port42', 'env', '--profile', 'p'], ['personal']],
    [['port42', 'env', '--shell', 'f'], ['fish']],
    [['port42', 'env', '--shell', '=', 'z'], ['zsh']],
    [['port42', 'auth', 'token', '--mi'], ['--min-ttl']],
    [['port42', 'hook', ''], ['bash', 'zsh', 'fish']],
    [['port42', 'helper', 'g'], ['get']],
    [['port42', 'exec', 'work', '--', 'bas'], ['bash']],
    [['port42', 'nonsense', ''], []],
  ])('%j → %j', (words, expected) => {
    const got = complete(...words).split('\n').filter(Boolean);
    if (expected.length === 0) expect(got).toEqual([]);
    else for (const word of expected) expect(got).toContain(word);
    if (words.at(-1) === 'au') expect(got.every((w) => w.startsWith('au'))).toBe(true);
  });
});

describe.runIf(programsAvailable('fish completion', 'fish'))('fish completion (real fish)', () => {
  const complete = (line: string): string[] =>
    run('fish', ['--no-config', '-c', `source '${join(DIR, 'port42.fish')}'; complete -C'${line}'`])
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('\t')[0] ?? '');

  it('completes the auth subcommands', () => {
    expect(complete('port42 auth ')).toEqual(expect.arrayContaining(['login', 'logout', 'status', 'token']));
  });
  it('completes profile names from the config', () => {
    expect(complete('port42 auth token ').sort()).toEqual(['personal', 'work']);
  });
  it('completes option names and choices', () => {
    expect(complete('port42 env --sh')).toEqual(['--shell']);
    expect(complete('port42 env --shell ')).toContain('nu');
  });
});

describe.runIf(programsAvailable('zsh completion', 'zsh'))('zsh completion (real zsh, completion builtins stubbed)', () => {
  // compadd and _describe exist only inside a completion widget: stand-ins print what they were given.
  const complete = (...words: string[]): string =>
    run('zsh', [
      '-f',
      '-c',
      `compdef() { :; }
source '${join(DIR, '_port42')}'
compadd() { [[ $1 == -a ]] && print -r -- \${(P)2}; }
_describe() { print -r -- \${(P)4}; }
words=(${words.map((w) => `'${w}'`).join(' ')}); CURRENT=$#words; PREFIX=$words[-1]
_port42`,
    ]).trim();

  it('describes the auth subcommands', () => expect(complete('port42', 'auth', '')).toMatch(/^login:store a profile's credential/));
  it('completes profile names', () => expect(complete('port42', 'auth', 'token', '')).toBe('work personal'));
  it('completes option values', () => expect(complete('port42', 'hook', '')).toBe('bash zsh fish'));
});
