/**
 * The one upstream a proxy session forwards to: its origin, the base path clients are given, and
 * a warm keep-alive agent — through HTTPS_PROXY/HTTP_PROXY (https-proxy-agent, loaded only then)
 * unless NO_PROXY names the host. NODE_EXTRA_CA_CERTS applies as for every node:https request.
 */
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type RequestOptions } from 'node:http';
import { isLoopbackUrl } from '../providers/table.ts';
import { configError } from '../errors.ts';

/** Where requests go. */
export interface Upstream {
  /** scheme://host[:port], never with a path. */
  readonly origin: string;
  /** The base URL's path without a trailing slash ('' or '/v1'); clients get the same path on the proxy. */
  readonly basePath: string;
  /** The Host header the upstream expects. */
  readonly host: string;
  /** Starts a request to `path` (origin-form) on the upstream, through its agent. */
  request(path: string, options: Pick<RequestOptions, 'method' | 'headers'>): Promise<ClientRequest>;
  /** Closes idle connections. */
  close(): void;
}

/** Agent options: keep connections warm; idle ones close before typical servers' 60 s limit. */
const KEEP_ALIVE = { keepAlive: true, keepAliveMsecs: 1000, scheduling: 'lifo' as const, timeout: 50_000, maxFreeSockets: 16 };

/** True when NO_PROXY (comma list of hosts, .domains, host:port or `*`) names this host. */
export function bypassesProxy(hostname: string, port: string, noProxy: string | undefined): boolean {
  for (const raw of (noProxy ?? '').split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    const [host, entryPort] = entry.startsWith('[') ? [entry.slice(0, entry.indexOf(']') + 1), entry.split(']:')[1]] : entry.split(':');
    if (entryPort !== undefined && entryPort !== port) continue;
    const bare = host!.replace(/^\*?\./, '');
    if (hostname === bare || hostname.endsWith(`.${bare}`)) return true;
  }
  return false;
}

/** True for an http:// or https:// URL (what the proxy agent can use; URL.parse is Node 20.18+). */
function isHttpUrl(text: string): boolean {
  try {
    return /^https?:$/.test(new URL(text).protocol);
  } catch {
    return false;
  }
}

/**
 * Opens the upstream for a base URL. Throws config (3) for a base URL that is not plain
 * http(s)://host[:port][/path], and for an HTTP(S)_PROXY it would use that is not an http(s) URL.
 */
export function openUpstream(baseUrl: string, env: Readonly<Record<string, string | undefined>>): Upstream {
  const url = new URL(baseUrl);
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.search || url.hash)
    throw configError(`the base URL "${url.origin}" must be http(s)://host[:port][/path] for the proxy`);
  const https = url.protocol === 'https:';
  const port = url.port || (https ? '443' : '80');
  const proxyVariable = (https ? ['HTTPS_PROXY', 'https_proxy'] : ['HTTP_PROXY', 'http_proxy']).find((name) => env[name] !== undefined);
  const proxyUrl = proxyVariable === undefined ? undefined : env[proxyVariable];
  const useProxy =
    proxyUrl !== undefined &&
    proxyUrl !== '' &&
    !isLoopbackUrl(baseUrl) &&
    !bypassesProxy(url.hostname, port, env.NO_PROXY ?? env.no_proxy);
  // Checked here, not on the first request (where every request would fail with no reason given);
  // the value is not quoted: a proxy URL may hold a password.
  if (useProxy && !isHttpUrl(proxyUrl))
    throw configError(
      `${proxyVariable} is not an http(s) URL, so the proxy cannot reach ${url.origin} through it`,
      `echo "$${proxyVariable}"   # write it like http://proxy.example:3128`,
    );
  // node:https (and TLS) loads on the first request, not before the child starts: `exec --proxy`
  // start-up pays only for node:http.
  let transport: Promise<{ agent: HttpAgent; send: typeof httpRequest }> | undefined;
  const open = async (): Promise<{ agent: HttpAgent; send: typeof httpRequest }> => {
    const send = https ? (await import('node:https')).request : httpRequest;
    if (useProxy) {
      // Loaded only when a proxy is configured: it is the one dependency of this path.
      const { HttpsProxyAgent } = await import('https-proxy-agent');
      return { agent: new HttpsProxyAgent(proxyUrl, KEEP_ALIVE) as unknown as HttpAgent, send };
    }
    return { agent: https ? new (await import('node:https')).Agent(KEEP_ALIVE) : new HttpAgent(KEEP_ALIVE), send };
  };
  return {
    origin: url.origin,
    basePath: url.pathname.replace(/\/+$/, ''),
    host: url.host,
    request: async (path, options) => {
      const { agent, send } = await (transport ??= open());
      return send({
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        port,
        // Origin-form path, never joined with the base as a URL: `//evil/x` cannot change the host.
        path,
        agent,
        setHost: false,
        ...options,
      });
    },
    close: () => void transport?.then(({ agent }) => agent.destroy()).catch(() => undefined),
  };
}
