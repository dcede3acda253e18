/**
 * A secretless session for a resolved profile: starts the proxy in front of the profile's
 * upstream, keeps its credential (fresh, for OAuth), writes the audit trail's start line, and on
 * `end` stops the proxy and writes the end line with the session's counters.
 */
import type { Context } from '../context.ts';
import type { Resolved } from '../profiles/resolve.ts';
import type { EnvChange } from '../shells/types.ts';
import type { Release } from '../audit/record.ts';
import { failure } from '../errors.ts';
import { proxiedVariables } from './child-env.ts';
import { fixedCredential, refreshingCredential } from './credential-keeper.ts';
import { createPlaceholder } from './placeholder.ts';
import { startProxyServer, type ProxyServerOptions } from './server.ts';
import { emptyStats, type ProxyStats } from './stats.ts';
import { openUpstream } from './upstream.ts';

/** Claude Code's own request timeout is 600 s: never give up on upstream headers sooner. */
export const UPSTREAM_HEADERS_TIMEOUT_MS = 600_000;

/** A running session. */
export interface ProxySession {
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  readonly port: number;
  /** The upstream's origin (for messages and the audit trail). */
  readonly upstreamOrigin: string;
  /** The variables the consumer gets (removals as null values). */
  readonly variables: readonly EnvChange[];
  readonly stats: ProxyStats;
  /** Stops the proxy (the placeholder dies with it) and writes the end line. Idempotent. */
  end(): Promise<void>;
}

/** Options of a session. */
export interface SessionOptions {
  /** The verb for the audit trail: `exec --proxy` or `proxy`. */
  readonly verb: string;
  /**
   * Appends one audit line (recordRelease). The caller passes its own copy: `exec` has it in the
   * hot bundle, and this chunk stays free of the audit and state-directory code.
   */
  readonly record: (ctx: Context, release: Release) => Promise<void>;
  readonly port?: number;
  readonly model?: string | undefined;
  readonly onRequest?: ProxyServerOptions['onRequest'];
}

/** Starts a session. Throws failure (1) when the port is taken or the credential cannot be sent in a header. */
export async function startProxySession(ctx: Context, resolved: Resolved, options: SessionOptions): Promise<ProxySession> {
  const { profile, credential, config, store } = resolved;
  if (credential.secret !== undefined && /[\0\r\n]/.test(credential.secret))
    throw failure(
      `the credential of profile "${profile.name}" contains a line break or NUL and cannot be sent in a header`,
      `port42 auth login ${profile.name}`,
    );
  const upstream = openUpstream(profile.baseUrl ?? profile.provider.defaultBaseUrl, ctx.env);
  const placeholder = createPlaceholder(profile.provider);
  const stats = emptyStats();
  const keeper = profile.auth === 'oauth' ? refreshingCredential(ctx, store, profile, credential) : fixedCredential(credential);
  const server = await startProxyServer({
    upstream,
    provider: profile.provider,
    credential: keeper,
    stats,
    headersTimeoutMs: Number(ctx.env.PORT42_PROXY_HEADERS_TIMEOUT_MS) || UPSTREAM_HEADERS_TIMEOUT_MS,
    placeholder,
    paths: profile.proxyPaths,
    port: options.port ?? 0,
    ...(options.onRequest ? { onRequest: options.onRequest } : {}),
  }).catch((error: unknown) => {
    upstream.close();
    throw error;
  });
  await options.record(ctx, { verb: options.verb, profile: profile.name, url: upstream.origin, session: { event: 'start' } });
  let ended: Promise<void> | undefined;
  return {
    origin: server.origin,
    port: server.port,
    upstreamOrigin: upstream.origin,
    variables: proxiedVariables(config, profile, {
      proxyOrigin: server.origin,
      basePath: upstream.basePath,
      placeholder,
      model: options.model,
      env: ctx.env,
    }),
    stats,
    end: () =>
      (ended ??= (async () => {
        await server.close();
        const session = {
          event: 'end' as const,
          requests: stats.requests,
          upstream_errors: stats.upstreamErrors,
          refused: stats.refused,
          bytes: stats.bytesUp + stats.bytesDown,
        };
        await options.record(ctx, { verb: options.verb, profile: profile.name, url: upstream.origin, session });
      })()),
  };
}
