import { chmodSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { consumerSandbox } from '../consumers/support.ts';
import { setupHome, type SetupHome } from './support.ts';

/**
 * `<file>.port42.bak` holds the version from before port42 wired the file, across several setups:
 * a second setup over port42's own wiring (another profile, a newer port42) keeps it, so `--undo`
 * still puts back what the user had; once the wiring is gone (undone, removed by hand, the file
 * deleted) the next setup starts a new backup. Real files in a temporary HOME.
 */
const CONFIG = `default = "a1"

[profiles.a1]
provider = "anthropic"

[profiles.a2]
provider = "anthropic"
base_url = "https://llm.corp.example/anthropic"

[profiles.o1]
provider = "openai"
match = ["https://llm.corp.example/v1"]

[profiles.o2]
provider = "openai"
match = ["https://registry.corp.example:5000"]
`;

const CLAUDE = '.claude/settings.json';
const CLAUDE_ORIGINAL = '{\n  "apiKeyHelper": "~/bin/get-key.sh",\n  "model": "opus"\n}\n';
const CODEX = '.codex/config.toml';
const CODEX_ORIGINAL = '# mine\nmodel_provider = "ollama"\nmodel = "gpt-oss:20b"\n';
const DOCKER = '.docker/config.json';
const DOCKER_ORIGINAL = '{\n  "credHelpers": {\n    "llm.corp.example": "desktop"\n  }\n}\n';

let h: SetupHome;
beforeEach(() => {
  h = setupHome(CONFIG);
});
afterEach(() => h.cleanup());

async function ok(args: string[]): Promise<string> {
  const result = await h.run(args);
  expect(result.code, result.stderr).toBe(0);
  return result.stderr;
}

describe('port42 setup run twice with different profiles, then --undo', () => {
  const CASES = [
    { consumer: 'claude-code', file: CLAUDE, original: CLAUDE_ORIGINAL, first: 'a1', second: 'a2' },
    { consumer: 'codex', file: CODEX, original: CODEX_ORIGINAL, first: 'o1', second: 'o2' },
    { consumer: 'docker', file: DOCKER, original: DOCKER_ORIGINAL, first: 'o1', second: 'o2' },
  ];

  it.each(CASES)("$consumer: the user's value from before port42 comes back", async (c) => {
    h.write(c.file, c.original);
    await ok(['setup', c.consumer, c.first]);
    const second = await ok(['setup', c.consumer, c.second]);
    expect(second).toContain(`~/${c.file}.port42.bak still holds the version from before port42 set it up`);
    expect(h.read(c.file + '.port42.bak')).toBe(c.original);
    await ok(['setup', c.consumer, '--undo']);
    expect(h.read(c.file)).toBe(c.original);
  });
});

describe('port42 setup after the wiring went away', () => {
  it('setup, undo, hand edit, setup, undo: the hand-edited version comes back', async () => {
    h.write(CLAUDE, CLAUDE_ORIGINAL);
    await ok(['setup', 'claude-code', 'a1']);
    await ok(['setup', 'claude-code', '--undo']);
    expect(h.read(CLAUDE)).toBe(CLAUDE_ORIGINAL);
    const edited = '{\n  "apiKeyHelper": "~/bin/new-key.sh",\n  "model": "sonnet"\n}\n';
    h.write(CLAUDE, edited);
    const setup = await ok(['setup', 'claude-code', 'a2']);
    expect(setup).toContain(`the version before setup is kept in ~/${CLAUDE}.port42.bak`);
    expect(h.read(CLAUDE + '.port42.bak')).toBe(edited);
    await ok(['setup', 'claude-code', '--undo']);
    expect(h.read(CLAUDE)).toBe(edited);
  });

  it('codex: setup, undo, hand edit, setup, undo gives back the hand-edited model_provider', async () => {
    h.write(CODEX, CODEX_ORIGINAL);
    await ok(['setup', 'codex', 'o1']);
    await ok(['setup', 'codex', '--undo']);
    const edited = CODEX_ORIGINAL.replace('"ollama"', '"lmstudio"');
    h.write(CODEX, edited);
    await ok(['setup', 'codex', 'o2']);
    await ok(['setup', 'codex', '--undo']);
    expect(h.read(CODEX)).toBe(edited);
  });

  it('a wiring removed by hand makes the current file the new version before setup', async () => {
    h.write(CLAUDE, CLAUDE_ORIGINAL);
    await ok(['setup', 'claude-code', 'a1']);
    const mine = '{\n  "apiKeyHelper": "op read op://ai/anthropic",\n  "model": "opus"\n}\n';
    h.write(CLAUDE, mine);
    await ok(['setup', 'claude-code', 'a1']);
    expect(h.read(CLAUDE + '.port42.bak')).toBe(mine);
    await ok(['setup', 'claude-code', '--undo']);
    expect(h.read(CLAUDE)).toBe(mine);
  });

  it('a settings file deleted after setup: the next setup drops the stale backup and --undo restores nothing from it', async () => {
    h.write(CLAUDE, CLAUDE_ORIGINAL);
    await ok(['setup', 'claude-code', 'a1']);
    rmSync(join(h.home, CLAUDE));
    const created = await ok(['setup', 'claude-code', 'a1']);
    expect(created).toContain(`created ~/${CLAUDE}`);
    expect(created).toContain(`removed ~/${CLAUDE}.port42.bak`);
    expect(h.read(CLAUDE + '.port42.bak')).toBeUndefined();
    await ok(['setup', 'claude-code', '--undo']);
    expect(JSON.parse(h.read(CLAUDE)!)).toEqual({});
  });
});

describe('port42 setup over a file port42 already wires, without a backup', () => {
  it('keeps the previous version as the backup and --undo does not put back port42 values from it', async () => {
    // Wired by hand from the README recipe: there is no version from before port42 to keep.
    const byHand = '{\n  "apiKeyHelper": "port42 auth token a1",\n  "model": "opus"\n}\n';
    h.write(CLAUDE, byHand);
    const setup = await ok(['setup', 'claude-code', 'a2']);
    expect(setup).toContain(`the previous version is kept in ~/${CLAUDE}.port42.bak`);
    expect(h.read(CLAUDE + '.port42.bak')).toBe(byHand);
    await ok(['setup', 'claude-code', '--undo']);
    expect(JSON.parse(h.read(CLAUDE)!)).toEqual({ model: 'opus' });
  });

  it('replaces a backup that is a symbolic link by a file of its own, leaving the link target untouched', async () => {
    h.write(CLAUDE, '{ "apiKeyHelper": "port42 auth token a1" }\n');
    writeFileSync(join(h.home, 'elsewhere'), 'not a backup\n');
    symlinkSync(join(h.home, 'elsewhere'), join(h.home, CLAUDE + '.port42.bak'));
    await ok(['setup', 'claude-code', 'a2']);
    expect(h.read('elsewhere')).toBe('not a backup\n');
    expect(h.read(CLAUDE + '.port42.bak')).toBe('{ "apiKeyHelper": "port42 auth token a1" }\n');
  });
});

describe('the backup kept across setups', () => {
  it("is written with the original file's mode and left as it is by the next setup", async () => {
    h.write(CLAUDE, CLAUDE_ORIGINAL);
    chmodSync(join(h.home, CLAUDE), 0o640);
    await ok(['setup', 'claude-code', 'a1']);
    const backup = join(h.home, CLAUDE + '.port42.bak');
    expect(statSync(backup).mode & 0o777).toBe(0o640);
    const { ino, mtimeMs } = statSync(backup);
    await ok(['setup', 'claude-code', 'a2']);
    expect(statSync(backup).ino).toBe(ino);
    expect(statSync(backup).mtimeMs).toBe(mtimeMs);
    expect(statSync(join(h.home, CLAUDE)).mode & 0o777).toBe(0o640);
  });

  it('shell: a hook removed by hand makes the edited start-up file the next version before setup', async () => {
    h.write('.bashrc', 'set -o vi\n');
    await ok(['setup', 'shell', '--shell', 'bash']);
    expect(h.read('.bashrc.port42.bak')).toBe('set -o vi\n');
    h.write('.bashrc', 'set -o vi\nalias ll="ls -l"\n');
    await ok(['setup', 'shell', '--shell', 'bash']);
    expect(h.read('.bashrc.port42.bak')).toBe('set -o vi\nalias ll="ls -l"\n');
  });
});

describe('the real port42 executable', () => {
  it('claude-code: setup a1, setup a2, --undo puts back the apiKeyHelper from before port42', async () => {
    const sandbox = consumerSandbox(CONFIG);
    try {
      const file = join(sandbox.home, CLAUDE);
      mkdirSync(join(sandbox.home, '.claude'));
      writeFileSync(file, CLAUDE_ORIGINAL);
      for (const args of [
        ['setup', 'claude-code', 'a1'],
        ['setup', 'claude-code', 'a2'],
        ['setup', 'claude-code', '--undo'],
      ]) {
        const result = await runCli(sandbox, args);
        expect(result.code, result.stderr).toBe(0);
        expect(result.stdout).toBe('');
      }
      expect(readFileSync(file, 'utf8')).toBe(CLAUDE_ORIGINAL);
    } finally {
      sandbox.cleanup();
    }
  });
});
