/**
 * The loopback proxy server: 127.0.0.1, one upstream, one placeholder. Every request passes the
 * rules (target, Host, Origin, placeholder, proxy_paths) before anything is contacted, then is
 * forwarded (forward.ts) or upgraded (websocket.ts). CORS preflights and CONNECT are refused like
 * everything else that fails a rule.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { failure } from '../errors.ts';
import { escapeControl } from '../terminal/escape.ts';
import { forwardRequest, sendError, type ForwardDeps } from './forward.ts';
import { checkPlaceholder, checkTarget, isOwnHost, isPathAllowed, type Refusal } from './rules.ts';
import { forwardUpgrade, refuseSocket } from './websocket.ts';

/** What the server needs beyond forwarding. */
export interface ProxyServerOptions extends ForwardDeps {
  readonly placeholder: string;
  /** `proxy_paths`: the only paths the placeholder reaches; undefined = all. */
  readonly paths: readonly string[] | undefined;
  /** 0 = any free port. */
  readonly port: number;
  /** Called once per request with method, path (no query), status and duration. */
  readonly onRequest?: (entry: { method: string; path: string; status: number; ms: number }) => void;
}

/** A listening proxy. */
export interface ProxyServer {
  readonly port: number;
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  /** Refuses every further request, drops open connections and stops listening. */
  close(): Promise<void>;
}

/** Starts the proxy. Throws failure (1) naming the port when it is taken. */
export async function startProxyServer(options: ProxyServerOptions): Promise<ProxyServer> {
  let port = options.port;
  let closed = false;
  // Upgraded sockets leave the server's bookkeeping: closing the session closes them too.
  const upgraded = new Set<Duplex>();
  const server = createServer({
    // Explicit: node's 5 s default races clients that reuse an idle connection (ECONNRESET).
    keepAliveTimeout: 65_000,
    headersTimeout: 60_000,
    requestTimeout: 0, // uploads and streams have no overall limit; the upstream wait is bounded in forward.ts
  });

  const check = (req: IncomingMessage): Refusal | undefined => {
    if (closed) return { status: 401, reason: 'the session has ended' };
    const target = checkTarget(req.method, req.url);
    if (target) return target;
    if (!isOwnHost(req.headers.host, port)) return { status: 403, reason: 'Host must be this proxy' };
    if (req.headers.origin !== undefined) return { status: 403, reason: 'requests from web pages are refused' };
    const url = req.url!;
    const q = url.indexOf('?');
    const refused = checkPlaceholder(req.headers, q === -1 ? '' : url.slice(q + 1), options.placeholder);
    if (refused) return refused;
    const pathname = q === -1 ? url : url.slice(0, q);
    const base = options.upstream.basePath;
    if (base !== '' && pathname !== base && !pathname.startsWith(`${base}/`)) return { status: 404, reason: `paths start with ${base}` };
    if (!isPathAllowed(pathname, options.paths)) return { status: 403, reason: 'this path is not allowed by proxy_paths' };
    return undefined;
  };
  const log = (req: IncomingMessage, status: number, started: number): void => {
    // The path is the client's text: control characters are made visible before they reach a terminal.
    const path = escapeControl((req.url ?? '').split('?')[0]!.slice(0, 200));
    options.onRequest?.({ method: req.method ?? '?', path, status, ms: Date.now() - started });
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const started = Date.now();
    const refusal = check(req);
    if (refusal) {
      options.stats.refused++;
      req.resume();
      sendError(res, refusal.status, refusal.reason);
      return log(req, refusal.status, started);
    }
    options.stats.requests++;
    void forwardRequest(options, req, res).then((status) => log(req, status, started));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const started = Date.now();
    socket.on('error', () => socket.destroy());
    const refusal = check(req);
    if (refusal) {
      options.stats.refused++;
      refuseSocket(socket, refusal.status, refusal.reason);
      return log(req, refusal.status, started);
    }
    options.stats.requests++;
    upgraded.add(socket);
    socket.on('close', () => upgraded.delete(socket));
    void forwardUpgrade(options, req, socket, head)
      .catch(() => (socket.destroy(), 0))
      .then((status) => log(req, status, started));
  });
  // CONNECT never reaches 'request': answer it here rather than let node drop the socket silently.
  server.on('connect', (req: IncomingMessage, socket: Duplex) => {
    options.stats.refused++;
    socket.on('error', () => socket.destroy());
    refuseSocket(socket, 405, 'CONNECT is not supported');
    log(req, 405, Date.now());
  });
  server.on('clientError', (_error, socket: Duplex) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? failure(
              `port ${options.port} on 127.0.0.1 is already in use`,
              `port42 proxy --port ${options.port + 1}   # or --port 0 for any free port`,
            )
          : failure(`cannot listen on 127.0.0.1:${options.port} (${error.code ?? error.message})`),
      ),
    );
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        closed = true;
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of upgraded) socket.destroy();
        options.upstream.close();
      }),
  };
}
