/**
 * The common part of the fake LLM APIs: an HTTP server on 127.0.0.1, port 0, that records every
 * request (method, path, headers, body) and every WebSocket upgrade, routes to the fake's
 * handlers, and closes itself after a while without requests.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { acceptUpgrade, type TestWebSocket } from './websocket.ts';

/** One request as the fake received it. */
export interface RecordedRequest {
  method: string;
  /** The request target as sent (path and query). */
  path: string;
  /** The path without the query. */
  pathname: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** True for a WebSocket upgrade. */
  upgrade: boolean;
  /** Date.now() when the request's headers arrived. */
  at: number;
}

/** A handler returns true when it answered the request. */
export type FakeHandler = (req: IncomingMessage, res: ServerResponse, recorded: RecordedRequest) => boolean | Promise<boolean>;
/** Handles an accepted WebSocket on the given path. */
export type FakeSocketHandler = (ws: TestWebSocket, recorded: RecordedRequest) => void;

/** Options every fake accepts. */
export interface FakeOptions {
  /** Called before the fake's own routes; return true when it answered (tests add slow streams, errors…). */
  handler?: FakeHandler;
  /** Called as each request (WebSocket upgrades included) arrives, before anything is answered. */
  observe?: (recorded: RecordedRequest) => void;
  /** Decides whether the request's credential is accepted; a refusal gets the provider's 401 body. */
  authorize?: (recorded: RecordedRequest) => boolean;
  /** Milliseconds between streamed events (default 5). */
  eventDelayMs?: number;
  /** Safety net: the server closes itself after this long without requests (default 2 minutes). */
  idleTimeoutMs?: number;
}

/** A running fake API. */
export interface FakeLlm {
  /** http://127.0.0.1:PORT (no trailing slash). */
  origin: string;
  port: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Starts a fake from its routes. */
export async function startFakeServer(
  options: FakeOptions,
  route: FakeHandler,
  unauthorized: (res: ServerResponse) => void,
  sockets: Record<string, FakeSocketHandler> = {},
): Promise<FakeLlm> {
  const requests: RecordedRequest[] = [];
  const idleMs = options.idleTimeoutMs ?? 120_000;
  let idle: NodeJS.Timeout | undefined;
  const server = createServer({ keepAliveTimeout: 10_000 });
  const touch = (): void => {
    clearTimeout(idle);
    idle = setTimeout(() => server.close(), idleMs);
    idle.unref();
  };
  const record = (req: IncomingMessage, upgrade: boolean): RecordedRequest => {
    touch();
    const path = req.url ?? '';
    const entry = {
      method: req.method ?? '',
      path,
      pathname: path.split('?')[0]!,
      headers: req.headers,
      body: '',
      upgrade,
      at: Date.now(),
    };
    requests.push(entry);
    options.observe?.(entry);
    return entry;
  };
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const recorded = record(req, false);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      recorded.body = Buffer.concat(chunks).toString('utf8');
      void (async () => {
        if (options.handler && (await options.handler(req, res, recorded))) return;
        if (options.authorize && !options.authorize(recorded)) return unauthorized(res);
        if (await route(req, res, recorded)) return;
        res
          .writeHead(404, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: { message: `no route ${req.method} ${recorded.pathname}` } }));
      })().catch((error: unknown) => res.destroy(error as Error));
    });
  });
  // Upgraded sockets are not the server's connections any more: close() ends them itself.
  const upgraded = new Set<Duplex>();
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const recorded = record(req, true);
    upgraded.add(socket);
    socket.on('close', () => upgraded.delete(socket));
    socket.on('error', () => socket.destroy());
    const handle = sockets[recorded.pathname];
    if (!handle || (options.authorize && !options.authorize(recorded))) {
      socket.end(`HTTP/1.1 ${handle ? '401 Unauthorized' : '404 Not Found'}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
      return;
    }
    handle(acceptUpgrade(req, socket, head), recorded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  touch();
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        clearTimeout(idle);
        server.closeAllConnections();
        for (const socket of upgraded) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Writes Server-Sent Events one by one with a pause between them, then ends the response. */
export async function writeSse(res: ServerResponse, events: Array<{ event?: string; data: unknown }>, delayMs: number): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.flushHeaders();
  for (const e of events) {
    if (res.destroyed) return;
    const data = typeof e.data === 'string' ? e.data : JSON.stringify(e.data);
    res.write((e.event ? `event: ${e.event}\n` : '') + `data: ${data}\n\n`);
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
  }
  res.end();
}

/** Sends a JSON response. */
export function sendJson(res: ServerResponse, status: number, body: unknown): true {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  return true;
}

/** The credential a recorded request carried, wherever the provider's clients put it. */
export function credentialOf(recorded: RecordedRequest): string | undefined {
  const h = recorded.headers;
  const bearer = /^Bearer (.+)$/i.exec(String(h.authorization ?? ''))?.[1];
  const query = new URLSearchParams(recorded.path.split('?')[1] ?? '').get('key') ?? undefined;
  return (
    (h['x-api-key'] as string | undefined) ??
    bearer ??
    (h['x-goog-api-key'] as string | undefined) ??
    (h['api-key'] as string | undefined) ??
    query
  );
}
