/**
 * Doctor lines for the trust boundaries: whether the state directory is private and ours,
 * whether the config can be changed by someone else, and what the nearest directory file does
 * (used, or ignored and why).
 */
import type { Context, Output } from '../context.ts';
import type { ErrorCode } from '../errors.ts';
import { Port42Error } from '../errors.ts';
import { stateDir, configPath } from '../files/paths.ts';
import { effectiveUid, privateDirProblem } from '../files/private-dir.ts';
import { configPermissionWarnings } from '../files/config-dir.ts';
import { findDirectorySettings } from '../profiles/directory-file.ts';

/** One doctor line, shaped like doctor's own checks. */
export interface TrustCheck {
  readonly mark: '✓' | '✗' | '-';
  readonly text: string;
  readonly run?: string;
  readonly code?: ErrorCode;
}

async function stateDirCheck(ctx: Context): Promise<TrustCheck> {
  const dir = stateDir(ctx.env, ctx.home);
  let stats;
  try {
    stats = await ctx.fs.lstat(dir);
  } catch {
    return { mark: '✓', text: `state directory: ${dir} not created yet (port42 creates it 0700)` };
  }
  const problem = privateDirProblem(stats as import('node:fs').Stats, dir, effectiveUid(), { what: 'state directory' });
  if (problem)
    return {
      mark: '✗',
      text: `state directory: ${problem.message}`,
      code: 'store-unavailable',
      ...(problem.hint ? { run: problem.hint } : {}),
    };
  return { mark: '✓', text: `state directory: ${dir} is private (yours, 0700)` };
}

/** A stderr that drops notes: doctor reports the directory file as a line of its own. */
function quietOutput(): Output {
  return { write: () => undefined, isTTY: false };
}

async function directoryFileCheck(ctx: Context): Promise<TrustCheck | undefined> {
  try {
    const settings = await findDirectorySettings({ ...ctx, stderr: quietOutput() }, ctx.cwd, { quiet: true });
    if (!settings) return undefined;
    if (settings.ignored) {
      const { file, reason, hint } = settings.ignored;
      return { mark: '-', text: `directory file: ignoring ${file}: ${reason}`, ...(hint ? { run: hint } : {}) };
    }
    return {
      mark: '✓',
      text: `directory file: ${settings.file} is trusted${settings.profile ? ` and chooses profile "${settings.profile}"` : ''}`,
    };
  } catch (error) {
    if (!(error instanceof Port42Error)) throw error;
    return { mark: '✗', text: `directory file: ${error.message}`, code: error.code, ...(error.hint ? { run: error.hint } : {}) };
  }
}

/** The doctor lines: state directory, config permissions, the nearest directory file. */
export async function trustChecks(ctx: Context): Promise<TrustCheck[]> {
  const checks: TrustCheck[] = [await stateDirCheck(ctx)];
  for (const warning of await configPermissionWarnings(ctx.fs, configPath(ctx.env, ctx.home))) {
    const [message = '', run = ''] = warning.split('\n');
    checks.push({ mark: '✗', text: message.replace(/^port42: warning: /, 'config: '), run: run.replace(/^\s*run: /, ''), code: 'config' });
  }
  const directory = await directoryFileCheck(ctx);
  if (directory) checks.push(directory);
  return checks;
}
