// PORT42_PASSPHRASE reaches no child of the real process Context: not through process.env (what
// `open` and libraries inherit), not through ctx.runProgram or ctx.runInteractive even when a
// caller hands them ctx.env itself. Runs the real createProcessContext in a separate node.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

const SCRIPT = `
import { createProcessContext } from './src/cli/process-context.ts';
import { execFileSync } from 'node:child_process';
const ctx = createProcessContext();
const probe = ['sh', '-c', 'printf %s "\${PORT42_PASSPHRASE-absent}"'];
const report = {
  ctxEnv: ctx.env.PORT42_PASSPHRASE ?? 'absent',
  processEnv: process.env.PORT42_PASSPHRASE ?? 'absent',
  inherited: execFileSync(probe[0], probe.slice(1), { encoding: 'utf8' }),
  runProgram: (await ctx.runProgram(probe, { timeoutMs: 5000, env: ctx.env })).stdout,
  interactiveExit: await ctx.runInteractive(['sh', '-c', 'test -z "\${PORT42_PASSPHRASE+set}"'], { ...ctx.env }),
};
process.stdout.write(JSON.stringify(report));
`;

describe('the process Context and PORT42_PASSPHRASE', () => {
  it('keeps the passphrase for port42 itself and out of every child', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', PORT42_PASSPHRASE: 'very secret passphrase' },
      timeout: 30_000,
    });
    expect(JSON.parse(out)).toEqual({
      ctxEnv: 'very secret passphrase',
      processEnv: 'absent',
      inherited: 'absent',
      runProgram: 'absent',
      interactiveExit: 0,
    });
  });
});
