import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../support/cli.ts';
import { programsAvailable } from '../support/real-component.ts';
import { SECRET, consumerSandbox } from './support.ts';

/** Real direnv running an `.envrc` that evaluates `port42 env … --shell bash` (the README recipe). */
describe.runIf(programsAvailable('direnv recipe', 'direnv', 'bash'))('direnv .envrc with port42 env (real direnv)', () => {
  let sandbox: Sandbox;
  const envrc = (name: string, profile: string): string => {
    const dir = join(sandbox.home, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '.envrc'), `eval "$(port42 env ${profile} --shell bash)"\n`);
    return dir;
  };
  const direnv = (args: string[]) =>
    execa('direnv', args, { env: sandbox.env, extendEnv: false, cwd: sandbox.home, reject: false, stdin: 'ignore', timeout: 15_000 });

  beforeAll(() => {
    sandbox = consumerSandbox(
      `store = "file"

[profiles.work]
provider = "openai"
auth = "env"
from_env = "WORK_SECRET"
base_url = "https://llm.corp.example/v1"

[profiles.locked]
provider = "anthropic"
`,
      { WORK_SECRET: SECRET, PORT42_PASSPHRASE: 'direnv-test' },
    );
    // direnv keeps its allow list under XDG_DATA_HOME and reads XDG_CONFIG_HOME: both inside the sandbox.
    Object.assign(sandbox.env, { XDG_CONFIG_HOME: join(sandbox.home, '.config'), XDG_DATA_HOME: join(sandbox.home, '.local', 'share') });
  });
  afterAll(() => sandbox?.cleanup());

  it("exports the profile's variables once the .envrc is allowed", async () => {
    const dir = envrc('project', 'work');
    const blocked = await direnv(['exec', dir, 'sh', '-c', 'printf %s "${OPENAI_API_KEY-unset}"']);
    expect(blocked.exitCode).not.toBe(0);
    expect(String(blocked.stderr)).toContain('is blocked');
    expect((await direnv(['allow', dir])).exitCode).toBe(0);
    const result = await direnv(['exec', dir, 'sh', '-c', 'printf "%s|%s|%s" "$OPENAI_API_KEY" "$OPENAI_BASE_URL" "$PORT42_PROFILE"']);
    expect(result.exitCode, String(result.stderr)).toBe(0);
    expect(String(result.stdout)).toBe(`${SECRET}|https://llm.corp.example/v1|work`);
  });

  it("exports nothing, and shows port42's reason, when the profile needs a login", async () => {
    const dir = envrc('locked', 'locked');
    await direnv(['allow', dir]);
    const result = await direnv(['exec', dir, 'sh', '-c', 'printf %s "${ANTHROPIC_API_KEY-unset}"']);
    expect(String(result.stdout)).toBe('unset');
    expect(String(result.stderr)).toContain('port42: profile "locked" has no key stored');
  });
});
