// The loopback callback server on its own, with real HTTP requests on 127.0.0.1: only a callback
// carrying the login's state counts; anything else gets an error page and the wait goes on.
import { afterEach, describe, expect, it } from 'vitest';
import { startCallbackServer, type CallbackRequest, type CallbackServer } from '../../src/oauth/callback-server.ts';

const STATE = 'state-of-this-login-0123456789abcdef';
let server: CallbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function get(url: string): Promise<{ status: number; page: string }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return { status: response.status, page: await response.text() };
}

/** Whether the server has handed over a callback yet (checked after the event loop settles). */
async function delivered(s: CallbackServer): Promise<CallbackRequest | undefined> {
  return Promise.race([s.callback, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 50))]);
}

describe('callback server', () => {
  it('refuses a wrong state, a missing state and another path, then hands over the real callback', async () => {
    const refused: string[] = [];
    server = await startCallbackServer(0, { state: STATE, onRefused: (reason) => refused.push(reason) });
    const base = `http://127.0.0.1:${server.port}`;

    const wrong = await get(`${base}/callback?code=evil&state=not-the-state`);
    expect(wrong.status).toBe(400);
    expect(wrong.page).toContain('does not belong to the sign-in port42 is waiting for');
    expect((await get(`${base}/callback?code=evil`)).status).toBe(400);
    // Same length as the real state, one character off (constant-time comparison, same answer).
    expect((await get(`${base}/callback?code=evil&state=${STATE.slice(0, -1)}X`)).status).toBe(400);
    expect((await get(`${base}/favicon.ico?state=${STATE}`)).status).toBe(404);
    expect(await delivered(server)).toBeUndefined();
    expect(refused).toEqual(['it carried another state', 'it carried no state', 'it carried another state']);

    const answer = get(`${base}/callback?code=real&state=${STATE}`);
    const request = await server.callback;
    expect(request.url.searchParams.get('code')).toBe('real');
    await request.reply({ ok: true });
    expect(await answer).toMatchObject({ status: 200 });
    expect(refused).toHaveLength(3);
  });

  it('lets an error callback with the right state through (the flow reports the error)', async () => {
    server = await startCallbackServer(0, { state: STATE });
    const answer = get(`http://127.0.0.1:${server.port}/callback?error=access_denied&state=${STATE}`);
    const request = await server.callback;
    expect(request.url.searchParams.get('error')).toBe('access_denied');
    await request.reply({ ok: false, message: 'Sign-in was denied.' });
    expect((await answer).status).toBe(400);
  });

  it('answers a second callback with the right state 409 while the first is being answered', async () => {
    server = await startCallbackServer(0, { state: STATE });
    const first = get(`http://127.0.0.1:${server.port}/callback?code=one&state=${STATE}`);
    const request = await server.callback;
    expect((await get(`http://127.0.0.1:${server.port}/callback?code=two&state=${STATE}`)).status).toBe(409);
    await request.reply({ ok: true });
    expect((await first).status).toBe(200);
  });
});
