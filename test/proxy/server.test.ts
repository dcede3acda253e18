// The proxy against the fake upstreams: every forwarding rule of issue 8 is one test here.
import { gzipSync } from 'node:zlib';
import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic } from '../support/fake-llm/anthropic.ts';
import { startFakeGemini } from '../support/fake-llm/gemini.ts';
import { startFakeOpenAi } from '../support/fake-llm/openai.ts';
import { credentialOf, type FakeLlm } from '../support/fake-llm/server.ts';
import { connectWebSocket } from '../support/fake-llm/websocket.ts';
import { rawExchange, rawRequest, startHarness, type Harness } from './harness.ts';

const KEY = 'sk-ant-api03-REALKEY-0123456789';

describe('proxy in front of the fake Anthropic API', () => {
  let fake: FakeLlm;
  let h: Harness;
  let slowStreamClosed: Promise<void> | undefined;
  beforeAll(async () => {
    fake = await startFakeAnthropic({
      authorize: (r) => credentialOf(r) === KEY,
      handler: (req, res, rec) => {
        if (rec.pathname === '/redirect') {
          res.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' }).end();
          return true;
        }
        if (rec.pathname === '/gzip') {
          res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'text/plain' }).end(gzipSync('compressed body'));
          return true;
        }
        if (rec.pathname === '/slow-events') {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.flushHeaders();
          let n = 0;
          const timer = setInterval(() => {
            res.write(`event: tick\ndata: ${Date.now()}\n\n`);
            if (++n === 4) {
              clearInterval(timer);
              res.end();
            }
          }, 250);
          return true;
        }
        if (rec.pathname === '/forever') {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.write('event: ping\ndata: {}\n\n');
          const timer = setInterval(() => res.write('event: ping\ndata: {}\n\n'), 100);
          slowStreamClosed = new Promise((resolve) =>
            res.on('close', () => {
              clearInterval(timer);
              resolve();
            }),
          );
          return true;
        }
        if (rec.pathname === '/echo-headers') {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(req.headers));
          return true;
        }
        return false;
      },
    });
    h = await startHarness(fake.origin, 'anthropic', KEY);
  });
  afterAll(async () => {
    await h.server.close();
    await fake.close();
  });

  const own = () => ({ host: `127.0.0.1:${h.server.port}`, 'x-api-key': h.placeholder });

  it('injects the real key in x-api-key and passes the body and anthropic-* headers through', async () => {
    const body = JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 5, messages: [] });
    const res = await rawRequest(h.server.port, {
      method: 'POST',
      path: '/v1/messages?beta=true',
      headers: { ...own(), 'anthropic-version': '2023-06-01', 'anthropic-beta': 'x', 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(200);
    const seen = fake.requests.at(-1)!;
    expect(seen.path).toBe('/v1/messages?beta=true');
    expect(seen.headers['x-api-key']).toBe(KEY);
    expect(seen.headers['anthropic-beta']).toBe('x');
    expect(seen.headers.host).toBe(new URL(fake.origin).host);
    expect(seen.body).toBe(body);
    expect(JSON.stringify(seen.headers)).not.toContain(h.placeholder);
  });

  it('accepts the placeholder as a bearer token (ANTHROPIC_AUTH_TOKEN) and still sends the key in x-api-key', async () => {
    const res = await rawRequest(h.server.port, {
      path: '/v1/models',
      headers: { host: `localhost:${h.server.port}`, authorization: `Bearer ${h.placeholder}` },
    });
    expect(res.status).toBe(200);
    expect(fake.requests.at(-1)!.headers.authorization).toBeUndefined();
    expect(fake.requests.at(-1)!.headers['x-api-key']).toBe(KEY);
  });

  it('drops hop-by-hop headers, those named in Connection, forwarded, via and x-forwarded-*', async () => {
    const res = await rawRequest(h.server.port, {
      path: '/echo-headers',
      headers: {
        ...own(),
        connection: 'x-secret-hop, keep-alive',
        'x-secret-hop': '1',
        'keep-alive': 'timeout=5',
        forwarded: 'for=1.2.3.4',
        via: '1.1 corp',
        'x-forwarded-for': '1.2.3.4',
        'proxy-authorization': 'Basic abc',
        'x-goog-api-key': h.placeholder,
        'x-kept': 'yes',
      },
    });
    const headers = JSON.parse(res.body) as Record<string, string>;
    for (const name of [
      'x-secret-hop',
      'keep-alive',
      'forwarded',
      'via',
      'x-forwarded-for',
      'proxy-authorization',
      'x-goog-api-key',
      'authorization',
    ])
      expect(headers[name], name).toBeUndefined();
    expect(headers['x-kept']).toBe('yes');
    expect(headers['x-api-key']).toBe(KEY);
  });

  it('passes an upstream error body verbatim', async () => {
    const before = fake.requests.length;
    const h2 = await startHarness(fake.origin, 'anthropic', 'sk-ant-wrong');
    try {
      const res = await rawRequest(h2.server.port, {
        path: '/v1/models',
        headers: { host: `127.0.0.1:${h2.server.port}`, 'x-api-key': h2.placeholder },
      });
      expect(res.status).toBe(401);
      expect(JSON.parse(res.body)).toEqual({ type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } });
      expect(fake.requests.length).toBe(before + 1); // an API key is not retried
    } finally {
      await h2.server.close();
    }
  });

  it('never follows a redirect', async () => {
    const before = fake.requests.length;
    const res = await rawRequest(h.server.port, { path: '/redirect', headers: own() });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('http://127.0.0.1:1/elsewhere');
    expect(fake.requests.length).toBe(before + 1);
  });

  it('leaves content-encoding and the compressed bytes untouched', async () => {
    const res = await new Promise<{ encoding: string | undefined; bytes: Buffer }>((resolve, reject) => {
      request({ host: '127.0.0.1', port: h.server.port, path: '/gzip', headers: own() }, (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => resolve({ encoding: r.headers['content-encoding'], bytes: Buffer.concat(chunks) }));
      })
        .on('error', reject)
        .end();
    });
    expect(res.encoding).toBe('gzip');
    expect(res.bytes.equals(gzipSync('compressed body'))).toBe(true);
  });

  it('forwards each SSE event as it arrives, unbatched', async () => {
    const arrivals: Array<{ at: number; text: string }> = [];
    await new Promise<void>((resolve, reject) => {
      request({ host: '127.0.0.1', port: h.server.port, path: '/slow-events', headers: own() }, (r) => {
        r.setEncoding('utf8');
        r.on('data', (text: string) => arrivals.push({ at: Date.now(), text }));
        r.on('end', resolve);
      })
        .on('error', reject)
        .end();
    });
    const events =
      arrivals
        .map((a) => a.text)
        .join('')
        .match(/event: tick/g) ?? [];
    expect(events).toHaveLength(4);
    // Four writes 250 ms apart arrive as four chunks, each close to when it was written.
    expect(arrivals.length).toBeGreaterThanOrEqual(4);
    for (const a of arrivals) {
      const written = Number(/data: (\d+)/.exec(a.text)![1]);
      expect(a.at - written).toBeLessThan(200);
    }
  });

  it('aborts the upstream request when the client goes away', async () => {
    await new Promise<void>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: h.server.port, path: '/forever', headers: own() }, (r) => {
        r.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', () => undefined);
      req.on('close', () => resolve());
      setTimeout(() => reject(new Error('no first event')), 5000);
      req.end();
    });
    await expect(
      Promise.race([slowStreamClosed, new Promise((_, r) => setTimeout(() => r(new Error('upstream still streaming')), 3000))]),
    ).resolves.toBeUndefined();
  });

  describe('hostile requests are refused and the upstream sees none of them', () => {
    let before: number;
    beforeAll(() => void (before = fake.requests.length));
    afterEach(() => expect(fake.requests.length).toBe(before));

    it('refuses a missing placeholder with 401 and no detail', async () => {
      const res = await rawRequest(h.server.port, { path: '/v1/models', headers: { host: `127.0.0.1:${h.server.port}` } });
      expect(res.status).toBe(401);
      expect(res.body).toBe('port42 proxy: unauthorized\n');
    });
    it('refuses a wrong placeholder (even next to the right one)', async () => {
      expect(
        (await rawRequest(h.server.port, { path: '/v1/models', headers: { ...own(), 'x-api-key': h.placeholder + 'x' } })).status,
      ).toBe(401);
      expect(
        (await rawRequest(h.server.port, { path: '/v1/models', headers: { ...own(), authorization: 'Bearer sk-ant-other' } })).status,
      ).toBe(401);
      expect((await rawRequest(h.server.port, { path: `/v1/models?key=nope`, headers: own() })).status).toBe(401);
    });
    it('refuses a foreign Host (DNS rebinding)', async () => {
      expect((await rawRequest(h.server.port, { path: '/v1/models', headers: { ...own(), host: 'evil.example' } })).status).toBe(403);
      expect(
        (await rawRequest(h.server.port, { path: '/v1/models', headers: { ...own(), host: `evil.example:${h.server.port}` } })).status,
      ).toBe(403);
      expect(
        (await rawRequest(h.server.port, { path: '/v1/models', headers: { 'x-api-key': h.placeholder }, setHost: false })).status,
      ).toBeOneOf([400, 403]);
    });
    it('refuses any request with an Origin header (browsers), preflights included', async () => {
      expect((await rawRequest(h.server.port, { path: '/v1/models', headers: { ...own(), origin: 'http://127.0.0.1:9' } })).status).toBe(
        403,
      );
      expect(
        (await rawRequest(h.server.port, { method: 'OPTIONS', path: '/v1/models', headers: { ...own(), origin: 'https://evil.example' } }))
          .status,
      ).toBe(403);
    });
    it('refuses an absolute-form target', async () => {
      const out = await rawExchange(
        h.server.port,
        `GET http://evil.example/v1/models HTTP/1.1\r\nHost: 127.0.0.1:${h.server.port}\r\nx-api-key: ${h.placeholder}\r\n\r\n`,
        2000,
      );
      expect(out).toMatch(/^HTTP\/1\.1 400 /);
    });
    it('refuses CONNECT with 405', async () => {
      const out = await rawExchange(h.server.port, `CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n`, 2000);
      expect(out).toMatch(/^HTTP\/1\.1 405 /);
    });
    it('refuses a //host path instead of letting it change the origin', async () => {
      const out = await rawExchange(
        h.server.port,
        `GET //evil.example/x HTTP/1.1\r\nHost: 127.0.0.1:${h.server.port}\r\nx-api-key: ${h.placeholder}\r\n\r\n`,
        2000,
      );
      expect(out).toMatch(/^HTTP\/1\.1 400 /);
    });
    it('refuses CR/LF smuggled into a header value', async () => {
      const out = await rawExchange(
        h.server.port,
        `GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1:${h.server.port}\r\nx-api-key: ${h.placeholder}\rx-evil: 1\r\n\r\n`,
        2000,
      );
      expect(out).toMatch(/^HTTP\/1\.1 400 /);
    });
    it('refuses a path with terminal control characters before anything logs it', async () => {
      const logged = h.log.length;
      const out = await rawExchange(h.server.port, `GET /v1/\x9b31mred HTTP/1.1\r\nHost: 127.0.0.1:${h.server.port}\r\n\r\n`, 2000);
      expect(out).toMatch(/^HTTP\/1\.1 400 /);
      expect(h.log.length).toBe(logged);
    });
    it('refuses a WebSocket upgrade without the placeholder', async () => {
      await expect(connectWebSocket(`ws://127.0.0.1:${h.server.port}/v1/messages`, {})).rejects.toThrow(/401/);
    });
  });
});

describe('proxy in front of the fake OpenAI API', () => {
  let fake: FakeLlm;
  let h: Harness;
  const KEY_OAI = 'sk-proj-REALKEY-abcdef0123456789';
  beforeAll(async () => {
    fake = await startFakeOpenAi({ authorize: (r) => credentialOf(r) === KEY_OAI });
    h = await startHarness(`${fake.origin}/v1`, 'openai', KEY_OAI, { paths: ['/v1/models', '/v1/responses', '/v1/chat/*'] });
  });
  afterAll(async () => {
    await h.server.close();
    await fake.close();
  });
  const own = () => ({ host: `127.0.0.1:${h.server.port}`, authorization: `Bearer ${h.placeholder}` });

  it('sends the key as a bearer token under the base path', async () => {
    const res = await rawRequest(h.server.port, {
      method: 'POST',
      path: '/v1/chat/completions',
      headers: own(),
      body: '{"model":"gpt-4.1"}',
    });
    expect(res.status).toBe(200);
    expect(fake.requests.at(-1)!.headers.authorization).toBe(`Bearer ${KEY_OAI}`);
  });

  it('answers 404 outside the base path and 403 outside proxy_paths, contacting nothing', async () => {
    const before = fake.requests.length;
    expect((await rawRequest(h.server.port, { path: '/v2/models', headers: own() })).status).toBe(404);
    const res = await rawRequest(h.server.port, { method: 'POST', path: '/v1/files', headers: own() });
    expect(res.status).toBe(403);
    expect(res.body).toContain('proxy_paths');
    expect(fake.requests.length).toBe(before);
  });

  it('proxies the WebSocket upgrade on /v1/responses with the key in the handshake', async () => {
    const ws = await connectWebSocket(`ws://127.0.0.1:${h.server.port}/v1/responses`, { authorization: `Bearer ${h.placeholder}` });
    ws.send(JSON.stringify({ type: 'response.create', model: 'gpt-4.1' }));
    let last = '';
    for (let i = 0; i < 30 && !last.includes('response.completed'); i++) last = await ws.next();
    expect(last).toContain('Hello from the fake OpenAI API.');
    ws.close();
    const upgrade = fake.requests.filter((r) => r.upgrade).at(-1)!;
    expect(upgrade.headers.authorization).toBe(`Bearer ${KEY_OAI}`);
    expect(h.log.at(-1)).toMatchObject({ method: 'GET', path: '/v1/responses', status: 101 });
  });
});

describe('proxy in front of the fake Gemini API', () => {
  it('moves a ?key= placeholder into x-goog-api-key and drops it from the query', async () => {
    const fake = await startFakeGemini({ authorize: (r) => credentialOf(r) === 'AIzaREAL' });
    const h = await startHarness(fake.origin, 'gemini', 'AIzaREAL');
    try {
      const res = await rawRequest(h.server.port, {
        method: 'POST',
        path: `/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse&key=${encodeURIComponent(h.placeholder)}`,
        headers: { host: `127.0.0.1:${h.server.port}` },
        body: '{}',
      });
      expect(res.status).toBe(200);
      expect(fake.requests.at(-1)!.path).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
      expect(fake.requests.at(-1)!.headers['x-goog-api-key']).toBe('AIzaREAL');
    } finally {
      await h.server.close();
      await fake.close();
    }
  });
});

describe('upstream failures and the session end', () => {
  it('answers 502 when the upstream is unreachable and counts it', async () => {
    const h = await startHarness('http://127.0.0.1:1', 'openai', 'sk-x');
    try {
      const res = await rawRequest(h.server.port, {
        path: '/models',
        headers: { host: `127.0.0.1:${h.server.port}`, authorization: `Bearer ${h.placeholder}` },
      });
      expect(res.status).toBe(502);
      expect(res.body).not.toContain('sk-x');
      expect(h.stats.upstreamErrors).toBe(1);
    } finally {
      await h.server.close();
    }
  });

  it('answers 504 when the upstream sends no headers in time', async () => {
    const fake = await startFakeOpenAi({ handler: () => new Promise<boolean>(() => undefined) });
    const h = await startHarness(fake.origin, 'openai', 'sk-x', { headersTimeoutMs: 300 });
    try {
      const res = await rawRequest(h.server.port, {
        path: '/models',
        headers: { host: `127.0.0.1:${h.server.port}`, authorization: `Bearer ${h.placeholder}` },
      });
      expect(res.status).toBe(504);
    } finally {
      await h.server.close();
      await fake.close();
    }
  });

  it('refuses every request once the session has ended', async () => {
    const fake = await startFakeOpenAi();
    const h = await startHarness(fake.origin, 'openai', 'sk-x');
    await h.server.close();
    await expect(
      rawRequest(h.server.port, {
        path: '/v1/models',
        headers: { host: `127.0.0.1:${h.server.port}`, authorization: `Bearer ${h.placeholder}` },
      }),
    ).rejects.toThrow(/ECONNREFUSED/);
    expect(fake.requests).toHaveLength(0);
    await fake.close();
  });

  /**
   * A bearer session whose upstream accepts only `accepted`: the credential starts as `first` and
   * renews to `renewed` (undefined: cannot renew). POSTs a 10 kB body; the status, the renewals
   * asked for and what the upstream saw.
   */
  async function refusedSession(first: string, renewed: string | undefined, accepted: string) {
    const fake = await startFakeOpenAi({ authorize: (r) => credentialOf(r) === accepted });
    let renewals = 0;
    const h = await startHarness(fake.origin, 'openai', '', {
      credential: {
        kind: 'bearer',
        renewable: renewed !== undefined,
        current: async () => first,
        renewAfterRefusal: async (refused) => {
          renewals++;
          return refused === first ? renewed : undefined;
        },
      },
    });
    try {
      const body = JSON.stringify({ model: 'gpt-4.1', input: 'x'.repeat(10_000) });
      const res = await rawRequest(h.server.port, {
        method: 'POST',
        path: '/v1/chat/completions',
        headers: { host: `127.0.0.1:${h.server.port}`, authorization: `Bearer ${h.placeholder}`, 'content-type': 'application/json' },
        body,
      });
      return { status: res.status, renewals, sent: fake.requests.map(credentialOf), bodies: fake.requests.map((r) => r.body), body };
    } finally {
      await h.server.close();
      await fake.close();
    }
  }

  it('passes a 401 for a credential that cannot be renewed straight through, asking for no renewal', async () => {
    const result = await refusedSession('sk-fixed', undefined, 'never');
    expect(result.status).toBe(401);
    expect(result.renewals).toBe(0); // nothing was kept for a retry that cannot happen
    expect(result.sent).toEqual(['sk-fixed']);
    expect(result.bodies).toEqual([result.body]);
  });

  it('renews a refused bearer token once and resends the kept body', async () => {
    const result = await refusedSession('tok-1', 'tok-2', 'tok-2');
    expect(result.status).toBe(200);
    expect(result.renewals).toBe(1);
    expect(result.sent).toEqual(['tok-1', 'tok-2']);
    expect(result.bodies).toEqual([result.body, result.body]);
  });
});
