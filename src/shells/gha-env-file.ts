/**
 * `env --shell gha`: appends the variables to the runner's `$GITHUB_ENV` file (or `--github-env
 * FILE`) and returns the `::add-mask::` commands for stdout. The runner reads workflow commands
 * only from the step's output, never from GITHUB_ENV, so port42 writes the file itself and masks
 * exactly the secret it wrote — even when it differs from a token printed earlier in the step.
 * Loaded only for `--shell gha` (the hot `env` path never pays for it).
 */
import type { Context } from '../context.ts';
import { usageError } from '../errors.ts';
import type { EnvChange } from './types.ts';
import { gha, renderGhaMasks } from './gha.ts';

/** Where to write, and which values are secret (masked). */
export interface GithubEnvWrite {
  /** `--github-env FILE`, else `$GITHUB_ENV`. */
  readonly file: string | undefined;
  readonly changes: readonly EnvChange[];
  /** Names of the changes whose values are secrets. */
  readonly secretNames: ReadonlySet<string>;
  /** For the hint, e.g. `port42 env ci --shell gha`. */
  readonly command: string;
}

type FileIdentity = { readonly dev: number; readonly ino: number };

async function identity(ctx: Context, path: string): Promise<FileIdentity | undefined> {
  try {
    const { dev, ino } = await ctx.fs.stat(path);
    return { dev: Number(dev), ino: Number(ino) };
  } catch {
    return undefined;
  }
}

/** True when the file has content whose last byte is not a line feed (the runner reads by lines). */
async function lacksFinalNewline(ctx: Context, file: string): Promise<boolean> {
  let text: string;
  try {
    text = String(await ctx.fs.readFile(file, 'utf8'));
  } catch {
    return false;
  }
  return text !== '' && !text.endsWith('\n');
}

/**
 * Appends the changes to the file in the `NAME<<DELIMITER` format and returns the mask commands.
 * Throws usage (2) when no file is named or when stdout is that very file (the former recipe's
 * `>> "$GITHUB_ENV"` would put the mask commands into it); nothing is written then.
 */
export async function writeGithubEnv(ctx: Context, request: GithubEnvWrite): Promise<string> {
  const { file, changes } = request;
  if (!file) {
    throw usageError(
      '--shell gha appends to the file named by $GITHUB_ENV, which is not set (not inside a GitHub Actions step?)',
      `${request.command} --github-env FILE`,
    );
  }
  const text = gha.render(changes);
  const masks = renderGhaMasks(changes.filter(({ name }) => request.secretNames.has(name)));
  // /dev/stdout resolves to whatever fd 1 is; equal to the target file means `>> "$GITHUB_ENV"`.
  const [out, target] = await Promise.all([identity(ctx, '/dev/stdout'), identity(ctx, file)]);
  if (out && target && out.dev === target.dev && out.ino === target.ino) {
    throw usageError(
      'stdout is the $GITHUB_ENV file: port42 writes that file itself and prints only ::add-mask:: commands on stdout',
      `${request.command}   # without >> "$GITHUB_ENV"`,
    );
  }
  const separator = (await lacksFinalNewline(ctx, file)) ? '\n' : '';
  await ctx.fs.appendFile(file, separator + text, { mode: 0o600 });
  return masks;
}
