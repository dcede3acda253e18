/**
 * The agent client's two transports (src/agent/pipe-exchange.ts: node's pipe handle; node:net
 * where that handle is not usable) against a real Unix socket: the same reply, and the same
 * "absent" for a peer that closes, stays silent past the bound, or sends no newline.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createServer, type Server, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Behaviour = 'reply' | 'close' | 'silent' | 'endless';

let dir: string;
let count = 0;
const servers: Server[] = [];
const sockets = new Set<Socket>();

async function serve(behaviour: Behaviour): Promise<string> {
  const path = join(dir, `${behaviour}-${count++}.sock`);
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      if (!chunk.includes(10)) return;
      const request = JSON.parse(chunk.toString('utf8').split('\n')[0]!) as { v: number; op: string };
      if (behaviour === 'reply') socket.write(JSON.stringify({ v: request.v, ok: true, echo: request.op }) + '\n');
      if (behaviour === 'close') socket.destroy();
      if (behaviour === 'endless') socket.write('x'.repeat(1024 * 1024 + 10));
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return path;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'port42-client-transport-'));
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  rmSync(dir, { recursive: true, force: true });
});

for (const transport of ['pipe handle', 'node:net'] as const) {
  describe(`askAgent over ${transport}`, () => {
    async function client() {
      vi.resetModules();
      if (transport === 'node:net')
        vi.spyOn(process as unknown as { binding: (name: string) => object }, 'binding').mockImplementation(() => ({}));
      return import('../../src/agent/client.ts');
    }

    afterAll(() => vi.restoreAllMocks());

    it('gets the reply of its protocol version', async () => {
      const { askAgent } = await client();
      expect(await askAgent(await serve('reply'), { op: 'status' })).toEqual({ v: 1, ok: true, echo: 'status' });
    });

    it('counts a peer that closes, stays silent or sends no newline as absent', async () => {
      const { askAgent } = await client();
      expect(await askAgent(await serve('close'), { op: 'status' })).toBeUndefined();
      const started = Date.now();
      expect(await askAgent(await serve('silent'), { op: 'status' }, 300)).toBeUndefined();
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(await askAgent(await serve('endless'), { op: 'status' })).toBeUndefined();
      expect(await askAgent(join(dir, 'nobody.sock'), { op: 'status' })).toBeUndefined();
    });
  });
}
