// The upstream hop through a corporate proxy: HTTPS_PROXY/HTTP_PROXY are honoured with a CONNECT
// tunnel (https-proxy-agent), a loopback upstream never goes through it.
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAi } from '../support/fake-llm/openai.ts';
import { credentialOf, type FakeLlm } from '../support/fake-llm/server.ts';
import { rawRequest, startHarness } from './harness.ts';

let fake: FakeLlm;
let corporate: Server;
let corporatePort: number;
const tunnels: string[] = [];

beforeAll(async () => {
  fake = await startFakeOpenAi({ authorize: (r) => credentialOf(r) === 'sk-real' });
  // A CONNECT proxy that sends every tunnel to 127.0.0.1 on the requested port: port42 itself never
  // resolves the upstream's name, the proxy does.
  corporate = createServer();
  corporate.on('connect', (req, socket, head) => {
    tunnels.push(req.url ?? '');
    const port = Number((req.url ?? '').split(':').pop());
    const upstream = connect(port, '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => corporate.listen(0, '127.0.0.1', resolve));
  corporatePort = (corporate.address() as AddressInfo).port;
});
afterAll(async () => {
  corporate?.closeAllConnections();
  corporate?.close();
  await fake?.close();
});

describe('upstream through HTTP(S)_PROXY', () => {
  it('tunnels to a named upstream through the proxy in the environment', async () => {
    const h = await startHarness(`http://llm.corp.test:${fake.port}/v1`, 'openai', 'sk-real', {
      env: { HTTP_PROXY: `http://127.0.0.1:${corporatePort}` },
    });
    try {
      const res = await rawRequest(h.server.port, {
        path: '/v1/models',
        headers: { host: `127.0.0.1:${h.server.port}`, authorization: `Bearer ${h.placeholder}` },
      });
      expect(res.status).toBe(200);
      expect(tunnels).toEqual([`llm.corp.test:${fake.port}`]);
      expect(fake.requests.at(-1)!.headers.host).toBe(`llm.corp.test:${fake.port}`);
    } finally {
      await h.server.close();
    }
  });

  it('goes direct to a loopback upstream even with a proxy set', async () => {
    const before = tunnels.length;
    const h = await startHarness(`${fake.origin}/v1`, 'openai', 'sk-real', {
      env: { HTTP_PROXY: `http://127.0.0.1:${corporatePort}`, HTTPS_PROXY: `http://127.0.0.1:${corporatePort}` },
    });
    try {
      const res = await rawRequest(h.server.port, {
        path: '/v1/models',
        headers: { host: `127.0.0.1:${h.server.port}`, authorization: `Bearer ${h.placeholder}` },
      });
      expect(res.status).toBe(200);
      expect(tunnels.length).toBe(before);
    } finally {
      await h.server.close();
    }
  });
});
