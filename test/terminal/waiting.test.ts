/** Feedback while waiting on the network: on a terminal's stderr only (issue 10, item 9). */
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { whileWaiting } from '../../src/terminal/waiting.ts';
import { createTestContext, TEST_CONFIG } from '../support/test-context.ts';

const CONFIG = 'store = "keychain"\n[profiles.work]\nprovider = "openai"\n';
const ok: typeof fetch = async () => new Response('{"data":[]}', { status: 200, headers: { 'content-type': 'application/json' } });

describe('whileWaiting', () => {
  it('shows the line on a terminal and erases it when the wait ends, even on failure', async () => {
    const tc = createTestContext({ tty: true });
    expect(await whileWaiting(tc.ctx, 'checking api.openai.com', async () => 42)).toBe(42);
    expect(tc.stderr.text).toBe('port42: checking api.openai.com…\r\x1b[2K');
    await expect(whileWaiting(tc.ctx, 'x', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(tc.stderr.text.endsWith('port42: x…\r\x1b[2K')).toBe(true);
  });

  it('says nothing when stderr is not a terminal', async () => {
    const tc = createTestContext({ tty: false });
    await whileWaiting(tc.ctx, 'checking api.openai.com', async () => 1);
    expect(tc.stderr.text).toBe('');
  });
});

describe('commands that wait', () => {
  it('auth status --check shows the host it checks on a terminal, never on stdout', async () => {
    const tc = createTestContext({ files: { [TEST_CONFIG]: CONFIG }, tty: true, fetch: ok });
    await tc.keychain.set('work', 'sk-proj-AbCdEfGhIjKlMnOp1234');
    expect(await main(tc.ctx, ['auth', 'status', '--check'])).toBe(0);
    expect(tc.stderr.text).toContain('port42: checking api.openai.com…');
    expect(tc.stdout.text).not.toContain('checking');
  });

  it('auth login --verify shows the host; piped it says nothing about waiting', async () => {
    const tty = createTestContext({
      files: { [TEST_CONFIG]: CONFIG },
      tty: true,
      fetch: ok,
      prompt: async () => 'sk-proj-AbCdEfGhIjKlMnOp1234',
    });
    expect(await main(tty.ctx, ['auth', 'login', 'work', '--verify'])).toBe(0);
    expect(tty.stderr.text).toContain('port42: checking api.openai.com…');
    const piped = createTestContext({ files: { [TEST_CONFIG]: CONFIG }, fetch: ok, stdin: 'sk-proj-AbCdEfGhIjKlMnOp1234' });
    expect(await main(piped.ctx, ['auth', 'login', 'work', '--verify'])).toBe(0);
    expect(piped.stderr.text).not.toContain('checking');
  });
});
