/**
 * The encrypted store's passphrase asked on the terminal: by `port42 unlock`, and by interactive
 * verbs when neither PORT42_PASSPHRASE nor the agent opens the store. Small and free of heavy
 * imports (the prompt itself loads on use): process-context.ts is on the hot path.
 */
import type { Context } from '../context.ts';
import { storeUnavailable } from '../errors.ts';

/**
 * Asks with a hidden prompt, twice when `creating` the store (a typo would lock it for good).
 * Throws store-unavailable (exit 5) for an empty answer or two answers that differ, and whatever
 * `prompt` throws (cancelled: exit 130; no terminal: usage).
 */
export async function promptPassphrase(prompt: Context['prompt'], creating: boolean): Promise<string> {
  const question = creating ? 'New passphrase for the port42 encrypted store: ' : 'Passphrase for the port42 encrypted store: ';
  const first = await prompt(question, { hidden: true });
  if (first === '') throw storeUnavailable('no passphrase given; the encrypted store stays locked', 'port42 unlock');
  if (creating && first !== (await prompt('Repeat the passphrase: ', { hidden: true }))) {
    throw storeUnavailable('the passphrases differ; nothing was changed');
  }
  return first;
}
