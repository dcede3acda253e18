/**
 * auth = "command": the key is the first line of a program's stdout (1Password `op read`, `pass
 * show`, Vault…). The program runs without a shell, stdin closed, for at most 10 s; its stderr is
 * passed through only on failure, and the value is never echoed.
 */
import type { Profile } from '../config/types.ts';
import { childEnvironment } from '../profiles/variables.ts';
import { failure, usageError } from '../errors.ts';
import type { CredentialSource, SourceDeps } from './types.ts';

/** How long the command may run. */
export const COMMAND_TIMEOUT_MS = 10_000;

async function runCommand({ ctx }: SourceDeps, profile: Profile): Promise<string> {
  const argv = profile.command ?? [];
  const program = argv[0] ?? '';
  const result = await ctx.runProgram(argv, { timeoutMs: COMMAND_TIMEOUT_MS, env: childEnvironment(ctx.env) });
  const hint = `port42 profile show ${profile.name}`;
  if (result.timedOut)
    throw failure(`the command of profile "${profile.name}" (${program}) did not finish within ${COMMAND_TIMEOUT_MS / 1000} s`, hint);
  if (result.exitCode !== 0) {
    if (result.stderr) ctx.stderr.write(result.stderr.endsWith('\n') ? result.stderr : result.stderr + '\n');
    const how =
      result.exitCode === null
        ? `was killed by ${result.signal}`
        : result.exitCode === 127
          ? 'was not found (exit 127)'
          : `failed with exit ${result.exitCode}`;
    throw failure(`the command of profile "${profile.name}" (${program}) ${how}`, hint);
  }
  const firstLine = (result.stdout.split('\n')[0] ?? '').replace(/\r$/, '');
  if (firstLine.trim() === '') throw failure(`the command of profile "${profile.name}" (${program}) printed nothing`, hint);
  return firstLine;
}

/** The command credential source. */
export const commandSource: CredentialSource = {
  async resolve(deps, profile) {
    const secret = await runCommand(deps, profile);
    return { secret, kind: 'api-key', origin: `command:${profile.command?.[0] ?? ''}` };
  },
  async login(deps, profile) {
    await runCommand(deps, profile);
    deps.ctx.stderr.write(
      `port42: profile "${profile.name}" gets its key from ${profile.command?.[0]}: it ran and printed a key; nothing to store\n`,
    );
  },
  async logout(_deps, profile) {
    throw usageError(`profile "${profile.name}" gets its key from a command; there is nothing to log out`);
  },
  async status(_deps, profile) {
    // Offline by default: running the command could prompt (gpg, op) or reach the network.
    return { state: 'ok', store: 'command', source: `command:${profile.command?.[0] ?? ''}`, detail: 'not run (use --check)' };
  },
};
