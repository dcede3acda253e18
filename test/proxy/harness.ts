// Starts the proxy server in-process in front of a fake upstream, with a fixed API key.
import { request, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { BUILTIN_PROVIDERS, type Provider } from '../../src/providers/table.ts';
import { fixedCredential, type CredentialKeeper } from '../../src/proxy/credential-keeper.ts';
import { createPlaceholder } from '../../src/proxy/placeholder.ts';
import { startProxyServer, type ProxyServer } from '../../src/proxy/server.ts';
import { emptyStats, type ProxyStats } from '../../src/proxy/stats.ts';
import { openUpstream } from '../../src/proxy/upstream.ts';

export interface Harness {
  server: ProxyServer;
  placeholder: string;
  stats: ProxyStats;
  log: Array<{ method: string; path: string; status: number; ms: number }>;
}

export function provider(id: string): Provider {
  return BUILTIN_PROVIDERS.find((p) => p.id === id)!;
}

/** The proxy in front of `baseUrl` for a provider, injecting `secret`. */
export async function startHarness(
  baseUrl: string,
  providerId: string,
  secret: string,
  options: { paths?: readonly string[]; credential?: CredentialKeeper; headersTimeoutMs?: number; env?: Record<string, string> } = {},
): Promise<Harness> {
  const p = provider(providerId);
  const stats = emptyStats();
  const log: Harness['log'] = [];
  const placeholder = createPlaceholder(p);
  const server = await startProxyServer({
    upstream: openUpstream(baseUrl, options.env ?? {}),
    provider: p,
    credential: options.credential ?? fixedCredential({ secret, kind: 'api-key', origin: 'test' }),
    stats,
    headersTimeoutMs: options.headersTimeoutMs ?? 600_000,
    placeholder,
    paths: options.paths,
    port: 0,
    onRequest: (e) => log.push(e),
  });
  return { server, placeholder, stats, log };
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One request with exactly these headers (Host included when given), no fetch() magic. */
export function rawRequest(
  port: number,
  options: { method?: string; path: string; headers?: OutgoingHttpHeaders; body?: string | Buffer; setHost?: boolean },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      method: options.method ?? 'GET',
      path: options.path,
      headers: options.headers ?? {},
      setHost: options.setHost ?? true,
      agent: false,
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Sends raw bytes on a fresh TCP connection and returns what came back until close. */
export async function rawExchange(port: number, bytes: string, timeoutMs = 5000): Promise<string> {
  const { connect } = await import('node:net');
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let out = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(out);
    }, timeoutMs);
    socket.on('data', (d) => (out += d.toString('latin1')));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
    socket.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    socket.write(bytes);
  });
}
