// The device login (RFC 8628) against the real test OIDC server. Sleeps go through a fake clock;
// slow_down, which oidc-provider never sends, is injected at the token endpoint by a fetch wrapper.
import { errorOf } from '../support/test-context.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Port42Error } from '../../src/errors.ts';
import type { OAuthSystem } from '../../src/oauth/system.ts';
import { startOidcServer, type OidcServer } from '../support/oidc/server.ts';
import { inProcess, LOGIN, oauthConfig, type InProcess } from './helpers.ts';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

let server: OidcServer;
beforeAll(async () => {
  server = await startOidcServer({ deviceCodeTtl: 600 });
});
afterAll(async () => {
  await server?.close();
});

function userCodeIn(stderr: string): string {
  const match = /enter the code: (\S+)/.exec(stderr);
  if (!match?.[1]) throw new Error(`no user code on stderr: ${stderr}`);
  return match[1];
}

/** A fake clock: sleep advances it and records each wait; `onSleep` runs before each poll. */
function fakeTime(
  p: () => InProcess,
  onSleep: (n: number) => Promise<void> = async () => undefined,
): { sleeps: number[]; system: Partial<OAuthSystem> } {
  const sleeps: number[] = [];
  return {
    sleeps,
    system: {
      sleep: async (ms) => {
        sleeps.push(ms);
        p().t.clock.now += ms;
        await onSleep(sleeps.length);
      },
    },
  };
}

describe('device login', () => {
  it('shows the code and URLs on stderr, polls after the default 5 s, and stores the tokens once approved', async () => {
    let p!: InProcess;
    const time = fakeTime(
      () => p,
      async (n) => {
        if (n === 2) await server.approveDevice(userCodeIn(p.t.stderr.text), 'frank');
      },
    );
    p = await inProcess(oauthConfig(server.issuer, { flow: '"device"' }), { fakeClock: true, system: time.system });
    await p.source.login(p.deps, p.profile, LOGIN);
    expect(p.t.stdout.text).toBe('');
    expect(p.t.stderr.text).toMatch(new RegExp(`open ${server.issuer}/device and enter the code: \\S+`));
    expect(p.t.stderr.text).toMatch(/or open this URL, which carries the code: http:\/\/127\.0\.0\.1:\d+\/device\?user_code=/);
    // oidc-provider sends no interval: RFC 8628 §3.2's default of 5 s; pending once, then approved.
    expect(time.sleeps).toEqual([5000, 5000]);
    const set = p.tokenSet();
    expect(set.id_claims).toMatchObject({ sub: 'frank', email: 'frank@example.test' });
    expect(set.refresh_token).toBeTruthy();
    expect((await server.introspect(set.access_token)).active).toBe(true);
  });

  it('uses the device flow for a browser profile when asked (--device)', async () => {
    let p!: InProcess;
    const time = fakeTime(
      () => p,
      async () => server.approveDevice(userCodeIn(p.t.stderr.text)),
    );
    p = await inProcess(oauthConfig(server.issuer), { fakeClock: true, system: time.system });
    await p.source.login(p.deps, p.profile, { ...LOGIN, device: true });
    expect(time.sleeps).toEqual([5000]);
    expect(p.tokenSet().access_token).toBeTruthy();
  });

  it('adds 5 s to the interval on each slow_down', async () => {
    let slowDowns = 2;
    const slowing: typeof fetch = async (input, init) => {
      if (init?.body instanceof URLSearchParams && init.body.get('grant_type') === DEVICE_GRANT && slowDowns > 0) {
        slowDowns--;
        return Response.json({ error: 'slow_down' }, { status: 400 });
      }
      return fetch(input, init);
    };
    let p!: InProcess;
    const time = fakeTime(
      () => p,
      async (n) => {
        if (n === 3) await server.approveDevice(userCodeIn(p.t.stderr.text));
      },
    );
    p = await inProcess(oauthConfig(server.issuer, { flow: '"device"' }), { fakeClock: true, fetch: slowing, system: time.system });
    await p.source.login(p.deps, p.profile, LOGIN);
    expect(time.sleeps).toEqual([5000, 10_000, 15_000]);
    expect(p.tokenSet().access_token).toBeTruthy();
  });

  it('honours the interval the issuer sends', async () => {
    const paced = await startOidcServer({ deviceInterval: 2 });
    try {
      let p!: InProcess;
      const time = fakeTime(
        () => p,
        async (n) => {
          if (n === 3) await paced.approveDevice(userCodeIn(p.t.stderr.text));
        },
      );
      p = await inProcess(oauthConfig(paced.issuer, { flow: '"device"' }), { fakeClock: true, system: time.system });
      await p.source.login(p.deps, p.profile, LOGIN);
      expect(time.sleeps).toEqual([2000, 2000, 2000]);
    } finally {
      await paced.close();
    }
  });

  it('stops when the code expires on the (fake) clock, without polling past its end', async () => {
    let p!: InProcess;
    const time = fakeTime(() => p);
    p = await inProcess(oauthConfig(server.issuer, { flow: '"device"' }), { fakeClock: true, system: time.system });
    const before = server.grants()[DEVICE_GRANT] ?? 0;
    const error = await errorOf(p.source.login(p.deps, p.profile, LOGIN));
    expect(error.message).toBe('the device code expired before the sign-in was approved');
    expect(error.hint).toBe('port42 auth login gw --device');
    // 600 s at 5 s per poll: 120 polls, each one pending.
    expect(time.sleeps.length).toBe(120);
    expect((server.grants()[DEVICE_GRANT] ?? 0) - before).toBe(120);
    expect(p.store.items.size).toBe(0);
  });

  it('reports expired_token from the issuer', async () => {
    const short = await startOidcServer({ deviceCodeTtl: 1 });
    try {
      // The code really lives 1 s at the server; the response is made to claim 600 s, so that
      // port42 polls after its end and the server itself answers expired_token.
      const lying: typeof fetch = async (input, init) => {
        const response = await fetch(input, init);
        if (!String(input).endsWith('/device/auth')) return response;
        const body = (await response.json()) as Record<string, unknown>;
        return Response.json({ ...body, expires_in: 600 }, { status: response.status });
      };
      let p!: InProcess;
      const time = fakeTime(
        () => p,
        () => new Promise((resolve) => setTimeout(resolve, 1100)),
      );
      p = await inProcess(oauthConfig(short.issuer, { flow: '"device"' }), { fakeClock: true, fetch: lying, system: time.system });
      const error = await errorOf(p.source.login(p.deps, p.profile, LOGIN));
      expect(error.message).toBe('the device code expired before the sign-in was approved');
      expect(time.sleeps).toEqual([5000]);
      expect(short.grants()[DEVICE_GRANT]).toBe(1);
    } finally {
      await short.close();
    }
  });

  it('reports a denied sign-in', async () => {
    let p!: InProcess;
    const time = fakeTime(
      () => p,
      async (n) => {
        if (n === 1) await server.denyDevice(userCodeIn(p.t.stderr.text));
      },
    );
    p = await inProcess(oauthConfig(server.issuer, { flow: '"device"' }), { fakeClock: true, system: time.system });
    const error = await errorOf(p.source.login(p.deps, p.profile, LOGIN));
    expect(error.message).toBe('the sign-in was denied on the approving device');
    expect(p.store.items.size).toBe(0);
  });

  it('is cancelled by Ctrl-C while waiting', async () => {
    const controller = new AbortController();
    let p!: InProcess;
    const time = fakeTime(
      () => p,
      async () => controller.abort(new Port42Error('cancelled', 'cancelled')),
    );
    p = await inProcess(oauthConfig(server.issuer, { flow: '"device"' }), {
      fakeClock: true,
      system: { ...time.system, interrupts: () => ({ signal: controller.signal, dispose: () => undefined }) },
    });
    const error = await errorOf(p.source.login(p.deps, p.profile, LOGIN));
    expect(error.code).toBe('cancelled');
  });
});
