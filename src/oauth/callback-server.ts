/**
 * The loopback redirect receiver of the browser flow (RFC 8252 §7.3): an HTTP server on
 * 127.0.0.1 only that hands over exactly one request to /callback — the first whose `state` is
 * this login's — answers it once with a small page, and closes. A request with another state or
 * none (a stale tab, another program probing the port) gets an error page and does not count:
 * the login keeps waiting. Other paths (a browser's /favicon.ico) get 404; later callbacks 409.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { failure } from '../errors.ts';

/** The one callback request, waiting for its answer. */
export interface CallbackRequest {
  /** The full callback URL as the browser sent it (http://127.0.0.1:<port>/callback?...). */
  readonly url: URL;
  /** Answers the browser with the success page or an error page, then the server closes. */
  reply(outcome: { ok: true } | { ok: false; message: string }): Promise<void>;
}

/** A running callback server. */
export interface CallbackServer {
  readonly port: number;
  /** http://127.0.0.1:<port>/callback */
  readonly redirectUri: string;
  /** The first request to /callback. */
  readonly callback: Promise<CallbackRequest>;
  /** Stops listening and drops open connections (idempotent). */
  close(): Promise<void>;
}

/** What the server needs to know about the login it serves. */
export interface CallbackOptions {
  /** The `state` sent in the authorization request; only a callback carrying it counts. */
  readonly state: string;
  /** Told about each refused callback (for a line on the terminal), never about the accepted one. */
  readonly onRefused?: (reason: string) => void;
}

/** Compares in constant time, so the port cannot be used to guess the state byte by byte. */
function sameState(received: string | null, expected: string): boolean {
  if (received === null) return false;
  const a = Buffer.from(received);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export const CALLBACK_PATH = '/callback';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, message: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>port42: ${escapeHtml(title)}</title></head><body style="font-family:sans-serif;margin:3em"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>\n`;
}

function send(res: ServerResponse, status: number, html: string): Promise<void> {
  return new Promise((resolve) => {
    res.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      // The page needs nothing from anywhere, and must not leak the callback URL onwards.
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
      'referrer-policy': 'no-referrer',
      connection: 'close',
    });
    res.end(html, () => resolve());
  });
}

/**
 * Listens on 127.0.0.1:`port` (0 = any free port) for the callback carrying `options.state`.
 * Throws failure (1) when the port is taken.
 */
export async function startCallbackServer(port: number, options: CallbackOptions): Promise<CallbackServer> {
  let deliver: (request: CallbackRequest) => void = () => undefined;
  const callback = new Promise<CallbackRequest>((resolve) => (deliver = resolve));
  let taken = false;
  let closed: Promise<void> | undefined;
  let actualPort = 0;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    // The Host check turns away DNS-rebinding pages that reach us under another name.
    const host = req.headers.host;
    if (host !== `127.0.0.1:${actualPort}`) {
      void send(res, 400, page('Bad request', 'This address only serves port42 sign-in callbacks.'));
      return;
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${actualPort}`);
    if (url.pathname !== CALLBACK_PATH) {
      void send(res, 404, page('Not found', 'This address only serves port42 sign-in callbacks.'));
      return;
    }
    if (req.method !== 'GET') {
      void send(res, 405, page('Method not allowed', 'The sign-in callback is a GET request.'));
      return;
    }
    if (!taken && !sameState(url.searchParams.get('state'), options.state)) {
      // Not this login's callback: refuse it and keep waiting for the real one (or the timeout).
      options.onRefused?.(url.searchParams.has('state') ? 'it carried another state' : 'it carried no state');
      void send(
        res,
        400,
        page('Sign-in not accepted', 'This request does not belong to the sign-in port42 is waiting for. Nothing was done with it.'),
      );
      return;
    }
    if (taken) {
      // Answer once (PRODUCT.md rule 5): the first callback decided this login.
      void send(res, 409, page('Already answered', 'This sign-in already received its callback. Nothing was done with this one.'));
      return;
    }
    taken = true;
    deliver({
      url,
      async reply(outcome) {
        await (outcome.ok
          ? send(res, 200, page('Signed in', 'port42 is signed in. You can close this tab.'))
          : send(res, 400, page('Sign-in failed', `${outcome.message} You can close this tab.`)));
        await close();
      },
    });
  });

  function close(): Promise<void> {
    closed ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closed;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? failure(
              `port ${port} on 127.0.0.1 is in use, so the sign-in callback cannot be received`,
              "set redirect_port = 0 in the profile's [oauth] table, or free the port",
            )
          : failure(`cannot listen on 127.0.0.1:${port} for the sign-in callback (${error.code ?? error.message})`, undefined, error),
      ),
    );
    // 127.0.0.1 only, never 0.0.0.0 or ::, so nothing off this machine can reach it (RFC 8252 §8.3).
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => resolve());
  });
  actualPort = (server.address() as AddressInfo).port;
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  return { port: actualPort, redirectUri: `http://127.0.0.1:${actualPort}${CALLBACK_PATH}`, callback, close };
}
