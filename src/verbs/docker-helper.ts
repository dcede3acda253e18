/**
 * `port42 docker-helper <action>`, run by docker as `docker-credential-port42 <action>` (the shim
 * in bin/). docker's conventions differ from port42's: every failure is the bare message on
 * **stdout** and exit 1, because the docker client reads stdout and compares it with fixed texts
 * (docker-protocol.ts). So this verb catches its own errors instead of leaving them to main.
 */
import type { Context } from '../context.ts';
import type { ParsedArgs } from '../cli/args.ts';
import { mayBeSecret } from '../cli/secret-words.ts';
import { Port42Error } from '../errors.ts';
import {
  DOCKER_MISSING_SERVER_URL_MESSAGE,
  DOCKER_MISSING_USERNAME_MESSAGE,
  DOCKER_NOT_FOUND_MESSAGE,
  parseDockerAction,
} from '../helper/docker-protocol.ts';
import { readDockerInput } from '../helper/input.ts';
import { dockerErase, dockerGet, dockerList, dockerStore, dockerVersion } from '../helper/docker-actions.ts';

/** The action word as printed: a key pasted in its place is hidden (PRODUCT.md hard rule 8; docker echoes stdout). */
async function shownAction(ctx: Context, word: string): Promise<string> {
  if (!mayBeSecret(word)) return word;
  return (await import('../cli/mistakes/render-error.ts')).redactArguments(ctx, word, [word]);
}

async function answer(ctx: Context, word: string | undefined): Promise<string> {
  switch (parseDockerAction(word)) {
    case 'get':
      return dockerGet(ctx, await readDockerInput(ctx));
    case 'store':
      dockerStore(await readDockerInput(ctx));
      return '';
    case 'erase':
      dockerErase(await readDockerInput(ctx));
      return '';
    case 'list':
      return dockerList(ctx);
    case 'version':
      return dockerVersion();
    case 'unknown':
      // The reference helpers' wording (credentials.go).
      throw new Port42Error('usage', `Unknown credential action \`${await shownAction(ctx, word ?? '')}\``);
  }
}

/** Texts the docker client compares stdout with: written bare, exactly. */
const DOCKER_TEXTS = new Set([DOCKER_NOT_FOUND_MESSAGE, DOCKER_MISSING_SERVER_URL_MESSAGE, DOCKER_MISSING_USERNAME_MESSAGE]);

/**
 * One line for docker to show inside its own error: docker's texts bare, port42's own with the
 * `port42:` prefix and the hint on the same line (docker shows nothing else). Messages never
 * contain a secret (errors.ts).
 */
export function dockerErrorText(error: unknown): string {
  if (!(error instanceof Port42Error)) return `port42: unexpected error: ${error instanceof Error ? error.message : String(error)}`;
  if (DOCKER_TEXTS.has(error.message) || error.message.startsWith('Unknown credential action')) return error.message;
  return `port42: ${error.message}${error.hint ? ` (run: ${error.hint})` : ''}`;
}

/** Runs `docker-helper`: exit 0 with the answer, or exit 1 with the message on stdout. */
export async function runDockerHelper(ctx: Context, args: ParsedArgs): Promise<number> {
  try {
    const text = await answer(ctx, args.positionals[0]);
    ctx.stdout.write(text);
    return 0;
  } catch (error) {
    ctx.stdout.write(dockerErrorText(error) + '\n');
    return 1;
  }
}
