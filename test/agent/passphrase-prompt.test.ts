/**
 * The one passphrase prompt (src/cli/passphrase-prompt.ts) that `port42 unlock` and the interactive
 * verbs' fallback share: hidden, asked once for an existing store and twice for a new one, with
 * exit 5 for an empty or mismatched answer and the prompt's own errors passed through.
 */
import { describe, expect, it } from 'vitest';
import { promptPassphrase } from '../../src/cli/passphrase-prompt.ts';
import { Port42Error } from '../../src/errors.ts';

/** A prompt that answers from `answers` in order and records what it was asked. */
function scriptedPrompt(...answers: (string | Error)[]) {
  const asked: { question: string; hidden: boolean }[] = [];
  const prompt = async (question: string, options: { hidden: boolean }) => {
    asked.push({ question, hidden: options.hidden });
    const answer = answers.shift();
    if (answer instanceof Error) throw answer;
    return answer ?? '';
  };
  return { prompt, asked };
}

describe('promptPassphrase', () => {
  it('asks once, hidden, to open an existing store', async () => {
    const { prompt, asked } = scriptedPrompt('correct horse');
    expect(await promptPassphrase(prompt, false)).toBe('correct horse');
    expect(asked).toEqual([{ question: 'Passphrase for the port42 encrypted store: ', hidden: true }]);
  });

  it('asks twice for a new store, and refuses answers that differ (exit 5, nothing changed)', async () => {
    const same = scriptedPrompt('correct horse', 'correct horse');
    expect(await promptPassphrase(same.prompt, true)).toBe('correct horse');
    expect(same.asked.map((a) => a.question)).toEqual(['New passphrase for the port42 encrypted store: ', 'Repeat the passphrase: ']);
    expect(same.asked.every((a) => a.hidden)).toBe(true);
    const differ = scriptedPrompt('correct horse', 'correct hose');
    await expect(promptPassphrase(differ.prompt, true)).rejects.toMatchObject({
      code: 'store-unavailable',
      message: 'the passphrases differ; nothing was changed',
    });
  });

  it('refuses an empty answer with exit 5 and the way to unlock', async () => {
    const { prompt, asked } = scriptedPrompt('');
    await expect(promptPassphrase(prompt, true)).rejects.toMatchObject({ code: 'store-unavailable', hint: 'port42 unlock' });
    expect(asked).toHaveLength(1);
  });

  it("passes the prompt's own errors through (Ctrl-C: cancelled, exit 130)", async () => {
    const { prompt } = scriptedPrompt(new Port42Error('cancelled', 'cancelled'));
    await expect(promptPassphrase(prompt, false)).rejects.toMatchObject({ code: 'cancelled' });
  });
});
