/** `--model` and `model list` through the built executable (the bundle loads the model table lazily). */
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createSandbox, runCli, type Sandbox } from '../support/cli.ts';

let sandbox: Sandbox | undefined;
afterEach(() => sandbox?.cleanup());

const CONFIG = `default = "personal"

[profiles.personal]
provider = "anthropic"
auth = "env"
from_env = "PERSONAL_ANTHROPIC_KEY"

[profiles.work]
provider = "openai"
auth = "env"
from_env = "WORK_OPENAI_KEY"
`;

describe('port42 executable with --model', () => {
  it('picks the profile that serves the model and has a key; exits 4 when it has none, changing nothing', async () => {
    sandbox = createSandbox();
    sandbox.writeConfig(CONFIG);
    const env = { WORK_OPENAI_KEY: 'sk-proj-work0123456789abcdef' };
    const token = await runCli(sandbox, ['auth', 'token', '--model', 'gpt-5-mini'], { env });
    expect([token.code, token.stdout, token.stderr]).toEqual([0, 'sk-proj-work0123456789abcdef\n', '']);
    const refused = await runCli(sandbox, ['env', '--model', 'claude-sonnet-4-5', '--shell', 'bash'], { env });
    expect([refused.code, refused.stdout]).toEqual([4, '']);
    expect(refused.stderr).toBe(
      'port42: profile "personal" serves claude-sonnet-4-5 but is not logged in: PERSONAL_ANTHROPIC_KEY and ANTHROPIC_API_KEY are not set\n',
    );
    expect(readFileSync(sandbox.configPath, 'utf8')).toBe(CONFIG);
  });

  it('lists models as TSV when piped and refuses a typo with exit 2', async () => {
    sandbox = createSandbox();
    sandbox.writeConfig(CONFIG);
    const list = await runCli(sandbox, ['model', 'list', '--provider', 'openai'], {
      env: { WORK_OPENAI_KEY: 'sk-proj-work0123456789abcdef' },
    });
    expect(list.code).toBe(0);
    expect(list.stdout.split('\n')[0]).toBe('gpt-5.1\topenai\twork\tok\t1.25\t10\t-');
    const typo = await runCli(sandbox, ['exec', 'work', '--model', 'gpt-5-mnii', '--', 'true']);
    expect([typo.code, typo.stdout]).toEqual([2, '']);
    expect(typo.stderr).toContain('did you mean "gpt-5-mini"?');
  });
});
