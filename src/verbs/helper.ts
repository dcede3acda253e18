/**
 * `port42 helper <action>`: git's credential helper protocol on stdin/stdout, for
 * `credential.helper = "!port42 helper"` or (through bin/git-credential-port42)
 * `credential.helper = port42`. stdout carries only protocol lines; everything else is stderr.
 */
import type { Context } from '../context.ts';
import type { ParsedArgs } from '../cli/args.ts';
import { usageError } from '../errors.ts';
import { formatCapabilities, parseCredentialRequest, parseHelperAction } from '../helper/git-protocol.ts';
import { readGitRequest } from '../helper/input.ts';
import { answerGet, eraseForRequest } from '../helper/git-actions.ts';

/** Runs `helper`. Protocol errors are usage errors (2); resolving errors keep their codes. */
export async function runHelper(ctx: Context, args: ParsedArgs): Promise<number> {
  const word = args.positionals[0];
  if (word === undefined)
    throw usageError('helper needs an action: get, store, erase or capability', 'git config --global credential.helper "!port42 helper"');
  const action = parseHelperAction(word);
  // git-credential(1): a helper ignores actions it does not know, silently and successfully.
  if (action === 'unknown') return 0;
  if (action === 'capability') {
    ctx.stdout.write(formatCapabilities());
    return 0;
  }
  // Every action validates its input, so a malformed request is reported even for store/erase.
  const request = parseCredentialRequest(await readGitRequest(ctx));
  if (action === 'store') return 0; // port42 is the source of truth: it never stores what git hands it.
  if (action === 'erase') {
    await eraseForRequest(ctx, request);
    return 0;
  }
  // Rendered in full before the one write: nothing reaches stdout after an error.
  const answer = await answerGet(ctx, request);
  if (answer !== '') ctx.stdout.write(answer);
  return 0;
}
