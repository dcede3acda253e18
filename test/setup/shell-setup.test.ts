import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, type Sandbox } from '../support/cli.ts';
import { programsAvailable } from '../support/real-component.ts';
import { consumerSandbox } from '../consumers/support.ts';

/**
 * `port42 setup shell` with the real shells: the line it appends to the start-up file makes an
 * interactive shell register port42's prompt hook; a second run adds nothing.
 */
const SHELLS = [
  { shell: 'bash', rc: '.bashrc', probe: ['-i', '-c', 'echo "$PROMPT_COMMAND"'] },
  { shell: 'zsh', rc: '.zshrc', probe: ['-i', '-c', 'print -l $precmd_functions'] },
  { shell: 'fish', rc: '.config/fish/config.fish', probe: ['-c', 'functions -q __port42_hook; and echo _port42_hook'] },
];

for (const { shell, rc, probe } of SHELLS) {
  const available = programsAvailable(`port42 setup shell --shell ${shell}`, shell);

  describe.runIf(available)(`port42 setup shell --shell ${shell} (real ${shell})`, () => {
    let sandbox: Sandbox;
    beforeEach(() => {
      sandbox = consumerSandbox('');
    });
    afterEach(() => sandbox.cleanup());

    it('makes an interactive shell register the hook, once', async () => {
      const first = await runCli(sandbox, ['setup', 'shell', '--shell', shell]);
      expect(first.code).toBe(0);
      const written = readFileSync(join(sandbox.home, rc), 'utf8');
      const second = await runCli(sandbox, ['setup', 'shell', '--shell', shell]);
      expect(second.stderr).toContain('already has the port42 hook: nothing changed');
      expect(readFileSync(join(sandbox.home, rc), 'utf8')).toBe(written);
      const result = await execa(shell, probe, {
        env: sandbox.env,
        extendEnv: false,
        cwd: sandbox.home,
        stdin: 'ignore',
        reject: false,
        timeout: 20_000,
      });
      expect(String(result.stdout)).toContain('_port42_hook');
    });
  });
}
