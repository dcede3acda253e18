import { execa } from 'execa';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCredentialRequest } from '../../src/helper/git-protocol.ts';
import { runCli, type Sandbox } from '../support/cli.ts';
import { programsAvailable } from '../support/real-component.ts';
import { SECRET, consumerSandbox } from '../consumers/support.ts';

/**
 * `port42 setup git` with real git 2.39 and a temporary HOME: the global config gets
 * credential.<url>.helper for each match URL, `git credential fill` then gets the profile's
 * secret from port42, and --undo gives back the user's ~/.gitconfig byte for byte.
 */
const hasGit = programsAvailable('port42 setup git', 'git');

const CONFIG = `[profiles.corp]
provider = "openai"
auth = "env"
from_env = "GIT_SECRET"
username = "bob"
match = ["https://git.corp.example", "https://llm.corp.example:8443/team"]

[profiles.other]
provider = "openai"
match = ["https://other.example"]
`;
const USER_GITCONFIG = '[user]\n\tname = Ada\n\temail = ada@example.com\n[credential]\n\thelper = store\n';

describe.runIf(hasGit)('port42 setup git (real git)', () => {
  let sandbox: Sandbox;
  const gitconfig = () => readFileSync(join(sandbox.home, '.gitconfig'), 'utf8');
  const git = async (args: string[], input = '') => {
    const result = await execa('git', args, {
      cwd: sandbox.home,
      env: { ...sandbox.env, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', GIT_SECRET: SECRET },
      extendEnv: false,
      input,
      reject: false,
      timeout: 20_000,
    });
    return { code: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
  };
  const setup = (args: string[]) => runCli(sandbox, ['setup', 'git', ...args], { env: { GIT_CONFIG_NOSYSTEM: '1' } });

  beforeEach(() => {
    sandbox = consumerSandbox(CONFIG);
    writeFileSync(join(sandbox.home, '.gitconfig'), USER_GITCONFIG);
  });
  afterEach(() => sandbox.cleanup());

  it('--dry-run prints the git commands and changes nothing', async () => {
    const result = await setup(['corp', '--dry-run']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      "git config --global credential.https://git.corp.example.helper ''\n" +
        "git config --global --add credential.https://git.corp.example.helper '!port42 helper'\n" +
        "git config --global credential.https://llm.corp.example:8443/team.helper ''\n" +
        "git config --global --add credential.https://llm.corp.example:8443/team.helper '!port42 helper'\n",
    );
    expect(gitconfig()).toBe(USER_GITCONFIG);
  });

  it('wires each match URL like gh auth setup-git; git then gets the secret from port42; twice changes nothing', async () => {
    const first = await setup(['corp']);
    expect(first.stderr).toContain('port42: git asks port42 for https://git.corp.example');
    expect(first.code).toBe(0);
    const helpers = await git(['config', '--global', '--get-all', 'credential.https://git.corp.example.helper']);
    expect(helpers.stdout).toBe('\n!port42 helper');
    const wired = gitconfig();
    expect(wired.startsWith(USER_GITCONFIG)).toBe(true);

    const fill = await git(['credential', 'fill'], 'protocol=https\nhost=git.corp.example\npath=repo.git\n\n');
    expect(fill.stderr).toBe('');
    expect(fill.code).toBe(0);
    expect(parseCredentialRequest(fill.stdout + '\n')).toMatchObject({ host: 'git.corp.example', username: 'bob', password: SECRET });

    const second = await setup(['corp']);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('nothing changed');
    expect(gitconfig()).toBe(wired);
  });

  it('without a profile wires every profile with match URLs', async () => {
    expect((await setup([])).code).toBe(0);
    expect((await git(['config', '--global', '--get-all', 'credential.https://other.example.helper'])).stdout).toBe('\n!port42 helper');
  });

  it('--undo gives back ~/.gitconfig byte for byte and leaves other helpers alone', async () => {
    await git(['config', '--global', '--add', 'credential.https://other.example.helper', 'cache']);
    const before = gitconfig();
    expect((await setup([])).code).toBe(0);
    const undo = await setup(['--undo']);
    expect(undo.code).toBe(0);
    expect(undo.stderr).toContain('git no longer asks port42 for https://git.corp.example');
    expect(gitconfig()).toBe(before);
    expect((await setup(['--undo'])).stderr).toContain('nothing to remove');
  });
});
