// What the proxy must survive from parts it does not control: an upstream's reason phrase with
// control bytes, a local client that holds a refused upgrade open, a malformed HTTPS_PROXY.
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { openUpstream } from '../../src/proxy/upstream.ts';
import { Port42Error } from '../../src/errors.ts';
import { rawRequest, startHarness } from './harness.ts';

/** A loopback upstream that answers every request with these raw bytes. */
async function rawUpstream(answer: string): Promise<{ origin: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once('data', () => socket.end(answer));
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('the proxy against what it does not control', () => {
  it('relays the status of an upstream whose reason phrase holds control bytes, and keeps serving', async () => {
    const upstream = await rawUpstream(
      'HTTP/1.1 200 O\x01K\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok',
    );
    const h = await startHarness(upstream.origin, 'openai', 'sk-real-0123456789');
    try {
      const headers = { host: `127.0.0.1:${h.server.port}`, authorization: `Bearer ${h.placeholder}` };
      for (let i = 0; i < 2; i++) {
        const res = await rawRequest(h.server.port, { path: '/v1/models', headers });
        expect([res.status, res.body]).toEqual([200, 'ok']);
      }
    } finally {
      await h.server.close();
      await upstream.close();
    }
  });

  it('closes a refused upgrade at once, so a client holding it open cannot keep the session alive', async () => {
    const upstream = await rawUpstream('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
    const h = await startHarness(upstream.origin, 'openai', 'sk-real-0123456789');
    const socket = connect(h.server.port, '127.0.0.1');
    try {
      // No placeholder: refused. The client never ends its side.
      socket.write(`GET /v1/responses HTTP/1.1\r\nHost: 127.0.0.1:${h.server.port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n`);
      socket.on('data', () => undefined);
      const closed = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), 3000);
        socket.on('close', () => (clearTimeout(timer), resolve(true)));
      });
      expect(closed).toBe(true);
      const started = Date.now();
      await h.server.close();
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      socket.destroy();
      await upstream.close();
    }
  });

  it('refuses a malformed HTTPS_PROXY when the session opens, naming the variable but not its value', () => {
    let error: unknown;
    try {
      openUpstream('https://api.openai.com/v1', { HTTPS_PROXY: 'user:pw@10.0.0.1:3128 x' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(Port42Error);
    expect((error as Port42Error).code).toBe('config');
    expect((error as Port42Error).message).toMatch(/^HTTPS_PROXY is not an http\(s\) URL/);
    expect((error as Port42Error).message).not.toContain('pw@');
    // Well-formed, or not used for a loopback upstream: accepted.
    expect(() => openUpstream('https://api.openai.com/v1', { HTTPS_PROXY: 'http://10.0.0.1:3128' })).not.toThrow();
    expect(() => openUpstream('http://127.0.0.1:8080', { HTTP_PROXY: 'not a url' })).not.toThrow();
  });
});
