/**
 * A minimal RFC 6455 WebSocket for tests, built on node:crypto and raw sockets: the server side
 * of an upgrade (for the fake APIs) and a client (Node 20 has no global WebSocket). Text frames,
 * close and ping only; enough to check that an upgrade and its frames cross a proxy.
 */
import { createHash, randomBytes } from 'node:crypto';
import { request, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import type { Duplex } from 'node:stream';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** One open WebSocket: send text, receive text messages, close. */
export interface TestWebSocket {
  send(text: string): void;
  /** Resolves with the next text message (bounded by timeoutMs). */
  next(timeoutMs?: number): Promise<string>;
  close(): void;
  /** Resolves when the peer closed or the socket ended. */
  closed: Promise<void>;
}

/** RFC 6455 §4.2.2: the accept value for a client's Sec-WebSocket-Key. */
export function acceptKey(key: string): string {
  return createHash('sha1')
    .update(key + GUID)
    .digest('base64');
}

/** Encodes one frame; clients must mask (RFC 6455 §5.3). */
function encodeFrame(opcode: number, payload: Buffer, mask: boolean): Buffer {
  const len = payload.length;
  const header: number[] = [0x80 | opcode];
  const maskBit = mask ? 0x80 : 0;
  if (len < 126) header.push(maskBit | len);
  else if (len < 65536) header.push(maskBit | 126, len >> 8, len & 0xff);
  else {
    header.push(maskBit | 127, 0, 0, 0, 0);
    header.push((len >>> 24) & 0xff, (len >>> 16) & 0xff, (len >>> 8) & 0xff, len & 0xff);
  }
  if (!mask) return Buffer.concat([Buffer.from(header), payload]);
  const key = randomBytes(4);
  const masked = Buffer.from(payload.map((b, i) => b ^ key[i % 4]!));
  return Buffer.concat([Buffer.from(header), key, masked]);
}

/** Wraps a socket after the handshake into a TestWebSocket. */
export function wrapSocket(socket: Duplex, isClient: boolean, head: Buffer = Buffer.alloc(0)): TestWebSocket {
  let buffer = head;
  const messages: string[] = [];
  const waiters: Array<(text: string) => void> = [];
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  const deliver = (text: string): void => {
    const waiter = waiters.shift();
    if (waiter) waiter(text);
    else messages.push(text);
  };
  const parse = (): void => {
    for (;;) {
      if (buffer.length < 2) return;
      const opcode = buffer[0]! & 0x0f;
      const masked = (buffer[1]! & 0x80) !== 0;
      let len = buffer[1]! & 0x7f;
      let offset = 2;
      if (len === 126) {
        if (buffer.length < 4) return;
        len = buffer.readUInt16BE(2);
        offset = 4;
      } else if (len === 127) {
        if (buffer.length < 10) return;
        len = Number(buffer.readBigUInt64BE(2));
        offset = 10;
      }
      const maskKey = masked ? buffer.subarray(offset, offset + 4) : undefined;
      if (masked) offset += 4;
      if (buffer.length < offset + len) return;
      let payload = buffer.subarray(offset, offset + len);
      if (maskKey) payload = Buffer.from(payload.map((b, i) => b ^ maskKey[i % 4]!));
      buffer = buffer.subarray(offset + len);
      if (opcode === 0x1) deliver(payload.toString('utf8'));
      else if (opcode === 0x8) {
        socket.end(encodeFrame(0x8, Buffer.alloc(0), isClient));
        resolveClosed();
      } else if (opcode === 0x9) socket.write(encodeFrame(0xa, payload, isClient));
    }
  };
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    parse();
  });
  socket.on('close', () => resolveClosed());
  socket.on('error', () => resolveClosed());
  if (head.length) setImmediate(parse);
  return {
    send: (text) => void socket.write(encodeFrame(0x1, Buffer.from(text, 'utf8'), isClient)),
    next: (timeoutMs = 5000) =>
      new Promise<string>((resolve, reject) => {
        const queued = messages.shift();
        if (queued !== undefined) return resolve(queued);
        const timer = setTimeout(() => reject(new Error('no WebSocket message in time')), timeoutMs);
        waiters.push((text) => {
          clearTimeout(timer);
          resolve(text);
        });
      }),
    close: () => void socket.end(encodeFrame(0x8, Buffer.alloc(0), isClient)),
    closed,
  };
}

/** Server side: answers the upgrade request with 101 and returns the open socket. */
export function acceptUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): TestWebSocket {
  const key = String(req.headers['sec-websocket-key'] ?? '');
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' + `Sec-WebSocket-Accept: ${acceptKey(key)}\r\n\r\n`,
  );
  return wrapSocket(socket, false, head);
}

/** Client side: opens ws://… (plain only), or rejects with the HTTP status of a refused upgrade. */
export function connectWebSocket(url: string, headers: OutgoingHttpHeaders = {}, timeoutMs = 5000): Promise<TestWebSocket> {
  const key = randomBytes(16).toString('base64');
  return new Promise((resolve, reject) => {
    const req = request(url.replace(/^ws/, 'http'), {
      headers: { ...headers, Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': key },
      timeout: timeoutMs,
    });
    req.on('upgrade', (res, socket, head) => {
      if (res.headers['sec-websocket-accept'] !== acceptKey(key)) {
        socket.destroy();
        return reject(new Error('bad Sec-WebSocket-Accept'));
      }
      resolve(wrapSocket(socket, true, head));
    });
    req.on('response', (res) => {
      res.resume();
      reject(Object.assign(new Error(`upgrade refused with HTTP ${res.statusCode}`), { status: res.statusCode }));
    });
    req.on('timeout', () => req.destroy(new Error('WebSocket connect timed out')));
    req.on('error', reject);
    req.end();
  });
}
