/**
 * Proxies a WebSocket upgrade (Codex opens /v1/responses as a WebSocket first): the handshake is
 * sent to the upstream with the real credential in it; on 101 the two sockets are joined byte for
 * byte; any other answer is relayed to the client and the connection closed.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ForwardDeps } from './forward.ts';
import { credentialHeader, forwardedRequestHeaders, forwardedResponseHeaders, withoutKeyParameter } from './rules.ts';

/** Writes a status line, headers and an optional body on a raw socket, then closes it. */
export function refuseSocket(socket: Duplex, status: number, reason: string): void {
  const body = `port42 proxy: ${reason}\n`;
  // Destroyed once written: the server no longer tracks an upgraded or CONNECT socket, and a
  // client holding its half open would keep the session from closing.
  socket.end(
    `HTTP/1.1 ${status} ${reason.replace(/[^\x20-\x7e]/g, '?')}\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    () => socket.destroy(),
  );
}

function head(status: number, message: string | undefined, pairs: Array<[string, string]>): string {
  return (
    `HTTP/1.1 ${status} ${(message ?? '').replace(/[^\t\x20-\x7e]/g, '')}\r\n` + pairs.map(([n, v]) => `${n}: ${v}\r\n`).join('') + '\r\n'
  );
}

/** Forwards an accepted upgrade request; resolves with the status the upstream answered (0 on error). */
export async function forwardUpgrade(deps: ForwardDeps, req: IncomingMessage, socket: Duplex, clientHead: Buffer): Promise<number> {
  let secret: string | undefined;
  try {
    secret = await deps.credential.current();
  } catch {
    refuseSocket(socket, 502, 'cannot renew the credential');
    return 502;
  }
  const headers = forwardedRequestHeaders(req.headers, true);
  headers.host = deps.upstream.host;
  if (secret !== undefined) {
    const [name, value] = credentialHeader(deps.credential.kind, deps.provider.check.auth, secret);
    headers[name] = value;
  }
  const up = await deps.upstream.request(withoutKeyParameter(req.url ?? '/'), { method: req.method ?? 'GET', headers });
  return new Promise((resolve) => {
    const timer = setTimeout(() => up.destroy(new Error('timeout')), deps.headersTimeoutMs);
    socket.on('error', () => up.destroy());
    socket.on('close', () => up.destroy());
    up.on('upgrade', (upRes, upSocket, upHead) => {
      clearTimeout(timer);
      socket.write(
        head(
          101,
          upRes.statusMessage,
          forwardedResponseHeaders(upRes.rawHeaders).concat([
            ['Connection', 'Upgrade'],
            ['Upgrade', String(upRes.headers.upgrade ?? 'websocket')],
          ]),
        ),
      );
      if (upHead.length) socket.write(upHead);
      if (clientHead.length) upSocket.write(clientHead);
      upSocket.on('data', (c: Buffer) => (deps.stats.bytesDown += c.length));
      socket.on('data', (c: Buffer) => (deps.stats.bytesUp += c.length));
      upSocket.pipe(socket);
      socket.pipe(upSocket);
      upSocket.on('error', () => socket.destroy());
      upSocket.on('close', () => socket.destroy());
      socket.on('close', () => upSocket.destroy());
      resolve(101);
    });
    up.on('response', (upRes) => {
      clearTimeout(timer);
      // Not upgraded (401, 404…): relay the answer as is and close; the body is already decoded.
      const pairs = forwardedResponseHeaders(upRes.rawHeaders).filter(([n]) => n.toLowerCase() !== 'content-length');
      socket.write(head(upRes.statusCode ?? 502, upRes.statusMessage, [...pairs, ['Connection', 'close']]));
      upRes.pipe(socket);
      resolve(upRes.statusCode ?? 502);
    });
    up.on('error', () => {
      clearTimeout(timer);
      deps.stats.upstreamErrors++;
      if (!socket.destroyed) refuseSocket(socket, 502, 'the upstream is unreachable');
      resolve(0);
    });
    up.end();
  });
}
