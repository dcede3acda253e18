/**
 * Turns a failure into the text port42 prints on stderr, with every secret-looking argument
 * hidden (src/cli/mistakes/redact.ts). Loaded only when a command fails.
 */
import type { Context } from '../../context.ts';
import { exitCodeOf, formatError, Port42Error, usageError } from '../../errors.ts';
import { didYouMean } from './suggest.ts';
import { configKeyPrefixes, knownKeyPrefixes, looksLikeSecret, redactText, secretArguments } from './redact.ts';

/** The key prefixes of the custom providers in the config, when it loads (best effort: errors are ignored). */
async function customPrefixes(ctx: Context): Promise<string[]> {
  try {
    const { loadConfig } = await import('../../config/load.ts');
    return configKeyPrefixes(await loadConfig(ctx));
  } catch {
    return [];
  }
}

/** The text with secret-looking arguments hidden, custom providers' prefixes included. */
export async function redactArguments(ctx: Context, text: string, argv: readonly string[]): Promise<string> {
  return redactText(text, argv, await customPrefixes(ctx));
}

/**
 * The context with a stderr that hides secret-looking arguments in everything written to it
 * (notes and warnings that quote what the user typed). stdout is left alone: it carries what
 * consumers parse, and a key there was asked for.
 */
export async function redactingContext(ctx: Context, argv: readonly string[]): Promise<Context> {
  const custom = await customPrefixes(ctx);
  if (secretArguments(argv, knownKeyPrefixes(custom)).length === 0) return ctx;
  const stderr = ctx.stderr;
  return {
    ...ctx,
    stderr: {
      write: (text: string) => stderr.write(redactText(text, argv, custom)),
      get isTTY() {
        return stderr.isTTY;
      },
    },
  };
}

/** The error a key typed on the command line of `auth login`/`auth rotate` deserves. */
export function keyInArgumentsError(verb: 'login' | 'rotate', profile: string | undefined): Port42Error {
  const target = profile ?? '<profile>';
  return usageError(
    'keys are not read from arguments (they would stay in your shell history and the process list); ' +
      'the value was not used and is not shown here — remove it from your history',
    `printf %s "$KEY" | port42 auth ${verb} ${target}`,
  );
}

/** The error with "did you mean" added when it carries what was typed and the valid choices. */
function withSuggestion(error: unknown): unknown {
  if (!(error instanceof Port42Error) || !error.suggest) return error;
  const hint = didYouMean(error.suggest.typed, error.suggest.choices);
  return hint ? new Port42Error(error.code, error.message + hint, { hint: error.hint, cause: error }) : error;
}

/** A key given as the profile of `auth login|rotate` (`port42 auth login sk-…`). */
function keyAsProfile(argv: readonly string[], prefixes: readonly string[]): Port42Error | undefined {
  const verb = argv[0] === 'auth' && (argv[1] === 'login' || argv[1] === 'rotate') ? argv[1] : undefined;
  if (!verb) return undefined;
  const own = argv.slice(2, argv.includes('--') ? argv.indexOf('--') : undefined).filter((a) => !a.startsWith('-'));
  if (!own.some((a) => looksLikeSecret(a, prefixes))) return undefined;
  return keyInArgumentsError(
    verb,
    own.find((a) => !looksLikeSecret(a, prefixes)),
  );
}

/**
 * The stderr text for an error (`port42: …`, `  run: …`, nothing that looks like a secret) and
 * its exit code: a key typed as an argument of `auth login` is a usage error whatever else failed.
 */
export async function renderError(ctx: Context, error: unknown, argv: readonly string[]): Promise<{ text: string; code: number }> {
  const words = argv.filter((a) => a.length >= 8);
  const custom = words.length > 0 && !words.every((a) => looksLikeSecret(a)) ? await customPrefixes(ctx) : [];
  const prefixes = knownKeyPrefixes(custom);
  const shown = keyAsProfile(argv, prefixes) ?? withSuggestion(error);
  return { text: redactText(formatError(shown, ctx.env.PORT42_DEBUG === '1'), argv, custom), code: exitCodeOf(shown) };
}
