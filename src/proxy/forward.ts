/**
 * Forwards one accepted HTTP request to the upstream and streams the answer back: the real
 * credential injected, headers flushed at once, bodies piped both ways without buffering or
 * decompression, redirects passed to the client (never followed), the upstream request aborted
 * when the client goes away. One retry after a 401 for renewable credentials (OAuth), only when no
 * byte was sent yet and the request body was small enough to keep; other requests keep nothing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Provider } from '../providers/table.ts';
import type { CredentialKeeper } from './credential-keeper.ts';
import { credentialHeader, forwardedRequestHeaders, forwardedResponseHeaders, withoutKeyParameter } from './rules.ts';
import type { ProxyStats } from './stats.ts';
import type { Upstream } from './upstream.ts';

/** Request bodies up to this size are kept for the one retry after a 401. */
export const RETRY_BODY_LIMIT = 1024 * 1024;

/** What forwarding needs from the session. */
export interface ForwardDeps {
  readonly upstream: Upstream;
  readonly provider: Provider;
  readonly credential: CredentialKeeper;
  readonly stats: ProxyStats;
  /** How long to wait for the upstream's response headers (Claude Code's own timeout is 600 s). */
  readonly headersTimeoutMs: number;
}

/** Answers a request the proxy cannot complete (never with a header or credential value). */
export function sendError(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' }).end(`port42 proxy: ${message}\n`);
}

/** Forwards `req`; resolves with the status sent to the client (0 when the exchange broke off). */
export async function forwardRequest(deps: ForwardDeps, req: IncomingMessage, res: ServerResponse): Promise<number> {
  const { credential, stats } = deps;
  const target = withoutKeyParameter(req.url ?? '/');
  // Kept only where a retry can happen: a bearer token that can be renewed (not an API key).
  const kept: Buffer[] | undefined = credential.kind === 'bearer' && credential.renewable ? [] : undefined;
  let keptBytes = 0;
  let bodyComplete = false;
  req.on('data', (chunk: Buffer) => {
    stats.bytesUp += chunk.length;
    if (kept === undefined || keptBytes > RETRY_BODY_LIMIT) return;
    keptBytes += chunk.length;
    if (keptBytes <= RETRY_BODY_LIMIT) kept.push(chunk);
  });
  req.on('end', () => (bodyComplete = true));
  req.pause();

  const attempt = async (secret: string | undefined, retry: boolean): Promise<number> => {
    const headers = forwardedRequestHeaders(req.headers, false);
    headers.host = deps.upstream.host;
    if (secret !== undefined) {
      const [name, value] = credentialHeader(credential.kind, deps.provider.check.auth, secret);
      headers[name] = value;
    }
    const up = await deps.upstream.request(target, { method: req.method ?? 'GET', headers });
    return new Promise((resolve) => {
      const timer = setTimeout(() => up.destroy(new Error('no response headers in time')), deps.headersTimeoutMs);
      const onClientGone = () => {
        if (!res.writableFinished) up.destroy();
      };
      res.on('close', onClientGone);
      const relay = (upRes: IncomingMessage, status: number): void => {
        // The status code alone: node's client accepts a reason phrase with control bytes that
        // writeHead would throw on, out of this listener (the upstream must not end the session).
        res.writeHead(status, forwardedResponseHeaders(upRes.rawHeaders).flat());
        res.flushHeaders();
        upRes.on('data', (chunk: Buffer) => {
          stats.bytesDown += chunk.length;
          // Written as it comes: each SSE event reaches the client without waiting for more.
          if (!res.write(chunk)) {
            upRes.pause();
            res.once('drain', () => upRes.resume());
          }
        });
        upRes.on('end', () => res.end(() => resolve(status)));
        upRes.on('error', () => {
          if (!res.destroyed) stats.upstreamErrors++; // not a client that went away
          res.destroy();
          resolve(0);
        });
        upRes.on('close', () => {
          if (!upRes.complete) res.destroy();
        });
      };
      up.on('response', (upRes) => {
        clearTimeout(timer);
        const status = upRes.statusCode ?? 502;
        const retryable =
          status === 401 && !retry && secret !== undefined && kept !== undefined && bodyComplete && keptBytes <= RETRY_BODY_LIMIT;
        if (!retryable) return relay(upRes, status);
        // A token believed valid was refused: renew once and resend the kept body; when renewing
        // cannot help, the refusal goes to the client as it came.
        credential.renewAfterRefusal(secret).then(
          (renewed) => {
            if (renewed === undefined || renewed === secret || res.destroyed) return relay(upRes, status);
            upRes.resume();
            res.off('close', onClientGone);
            attempt(renewed, true).then(resolve, () => {
              sendError(res, 502, 'the request could not be sent upstream');
              resolve(502);
            });
          },
          () => relay(upRes, status),
        );
      });
      up.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        if (res.destroyed) return resolve(0);
        stats.upstreamErrors++;
        const timedOut = error.message === 'no response headers in time';
        sendError(
          res,
          timedOut ? 504 : 502,
          timedOut ? 'the upstream sent no response in time' : `the upstream is unreachable (${error.code ?? 'error'})`,
        );
        resolve(timedOut ? 504 : 502);
      });
      if (retry) {
        up.end(Buffer.concat(kept ?? []));
      } else {
        req.pipe(up);
        req.resume();
      }
    });
  };

  let secret: string | undefined;
  try {
    secret = await credential.current();
  } catch (error) {
    req.resume();
    sendError(res, 502, `cannot renew the credential (${error instanceof Error ? error.message.split('\n')[0] : 'error'})`);
    return 502;
  }
  return attempt(secret, false).catch(() => {
    sendError(res, 502, 'the request could not be sent upstream');
    return 502;
  });
}
