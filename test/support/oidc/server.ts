// A real OAuth 2.0 / OpenID Connect authorization server for tests: oidc-provider 9 on
// 127.0.0.1, port 0, in-memory storage, with the provider's own development login/consent
// pages and device verification pages driven over HTTP by a cookie-jar "browser".
//
// Default clients:
//   port42-cli             public native client (loopback redirect, any port), auth code + PKCE,
//                          refresh_token, device_code; scopes openid offline_access email profile llm
//   port42-service         confidential (client_secret_basic or _post, secret 'service-secret'),
//                          client_credentials, scope llm
//   port42-introspector    confidential (secret 'introspector-secret'), used by introspect()
import { generateKeyPair, randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import type { OidcContext, ProviderClient, ProviderContext, ProviderToken } from 'oidc-provider';
import type ProviderClass from 'oidc-provider';
import { bodyAttribute, CookieBrowser, parseForms, type BrowserResponse, type PageForm } from './cookie-browser.ts';

export const CLI_CLIENT_ID = 'port42-cli';
export const CLI_REDIRECT_URI = 'http://127.0.0.1/callback';
export const SERVICE_CLIENT_ID = 'port42-service';
export const SERVICE_CLIENT_SECRET = 'service-secret';
export const INTROSPECTION_CLIENT_ID = 'port42-introspector';
export const INTROSPECTION_CLIENT_SECRET = 'introspector-secret';
export const DEVICE_CODE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';
export const DEFAULT_SUB = 'user-1';

/** Raw client metadata as oidc-provider accepts it (snake_case, RFC 7591 names). */
export interface OidcClientMetadata {
  client_id: string;
  client_secret?: string;
  application_type?: 'web' | 'native';
  token_endpoint_auth_method?: string;
  redirect_uris?: string[];
  grant_types?: string[];
  response_types?: string[];
  scope?: string;
  [key: string]: unknown;
}

export interface OidcServerEvent {
  name: string;
  detail?: string;
}

export interface OidcServer {
  issuer: string;
  port: number;
  /**
   * Counters by grant type seen at the token endpoint (authorization_code, refresh_token,
   * urn:ietf:params:oauth:grant-type:device_code, client_credentials). Every token request whose
   * body parsed is counted, successful or not, before its response is written.
   */
  grants(): Record<string, number>;
  /**
   * Security events as oidc-provider emits them, in order. Refresh-token reuse shows up as
   * 'grant.revoked' with a detail starting 'refresh token reuse', followed by 'grant.error'
   * with detail 'invalid_grant: ... (refresh token already used)'.
   */
  events(): OidcServerEvent[];
  /** Approves a pending device code user_code as user `sub` (drives the provider's real device verification pages over HTTP). */
  approveDevice(userCode: string, sub?: string): Promise<void>;
  /** Denies a pending device code (the confirm page's Abort button). */
  denyDevice(userCode: string): Promise<void>;
  /**
   * Follows an authorization URL like a browser would (cookie jar, redirect: 'manual'), logs in
   * as `sub` through the provider's dev login + consent pages, and returns the final redirect URL
   * to the client's redirect_uri WITHOUT fetching it.
   */
  authorize(authorizationUrl: string, sub?: string): Promise<URL>;
  /**
   * Replaces the token endpoint's answer for the grant types `answer` returns something for (the
   * provider still handles the request first), e.g. an empty 400 to every refresh; undefined
   * restores the real answers. For servers that answer outside the OAuth spec.
   */
  overrideTokenAnswers(answer: ((grantType: string) => TokenAnswer | undefined) | undefined): void;
  /** RFC 7662 introspection with the confidential port42-introspector client. */
  introspect(token: string): Promise<{ active: boolean } & Record<string, unknown>>;
  close(): Promise<void>;
}

/** A token endpoint answer set by overrideTokenAnswers. */
export interface TokenAnswer {
  status: number;
  body: string;
  /** Default text/plain. */
  contentType?: string;
}

export interface OidcServerOptions {
  /** Access token lifetime in seconds (also client_credentials tokens), default 3600. */
  accessTokenTtl?: number;
  /** Refresh token lifetime in seconds, default 14 days. */
  refreshTokenTtl?: number;
  /** Rotate refresh tokens on every use (and revoke the grant when a rotated one is reused), default true. */
  rotateRefreshTokens?: boolean;
  /** Extra clients (raw oidc-provider metadata); a client_id equal to a default client replaces it. */
  clients?: OidcClientMetadata[];
  /**
   * Seconds to put in the device authorization response's `interval` field. oidc-provider omits
   * the field (RFC 8628 clients then default to 5 s); by default it stays omitted.
   */
  deviceInterval?: number;
  /** Device code lifetime in seconds, default 600. */
  deviceCodeTtl?: number;
  /** Safety net: the server closes itself after this long without requests, default 5 minutes. */
  idleTimeoutMs?: number;
}

const DAY = 24 * 60 * 60;
/** Bounds for every page-driving loop (redirect hops + form submissions). */
const MAX_FLOW_STEPS = 25;
const MAX_FLOW_MS = 20_000;

function defaultClients(): OidcClientMetadata[] {
  return [
    {
      client_id: CLI_CLIENT_ID,
      client_name: 'port42 CLI',
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      redirect_uris: [CLI_REDIRECT_URI],
      grant_types: ['authorization_code', 'refresh_token', DEVICE_CODE_GRANT_TYPE],
      response_types: ['code'],
      scope: 'openid offline_access email profile llm',
    },
    {
      client_id: SERVICE_CLIENT_ID,
      client_secret: SERVICE_CLIENT_SECRET,
      token_endpoint_auth_method: 'client_secret_basic', // oidc-provider also accepts _post for it
      redirect_uris: [],
      grant_types: ['client_credentials'],
      response_types: [],
      scope: 'llm',
    },
    {
      client_id: INTROSPECTION_CLIENT_ID,
      client_secret: INTROSPECTION_CLIENT_SECRET,
      token_endpoint_auth_method: 'client_secret_basic',
      redirect_uris: [],
      grant_types: [],
      response_types: [],
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Loading oidc-provider quietly. It prints "oidc-provider WARNING/NOTICE: ..." lines through
// console.warn/console.info at import time (unsupported runtime on Node 20) and construction
// time (in-memory adapter, devInteractions). Those are filtered only while importing and
// constructing; the remaining request-time notices are avoided by configuring every hook.

/** Filters oidc-provider's console notices until the returned function is called. */
function muteProviderNotices(): () => void {
  const { warn, info } = console;
  const filter =
    (original: (...args: unknown[]) => void) =>
    (...args: unknown[]): void => {
      if (typeof args[0] === 'string' && /oidc-provider (WARNING|NOTICE):/.test(args[0])) return;
      original.apply(console, args);
    };
  console.warn = filter(warn);
  console.info = filter(info);
  return () => {
    console.warn = warn;
    console.info = info;
  };
}

function quietly<T>(fn: () => T): T {
  const restore = muteProviderNotices();
  try {
    return fn();
  } finally {
    restore();
  }
}

let providerModule: Promise<typeof ProviderClass> | undefined;
function loadProvider(): Promise<typeof ProviderClass> {
  providerModule ??= (async () => {
    // The "Unsupported runtime" warning is printed while the module graph evaluates.
    const restore = muteProviderNotices();
    try {
      return (await import('oidc-provider')).default;
    } finally {
      restore();
    }
  })();
  return providerModule;
}

let signingKey: Promise<Record<string, unknown>> | undefined;
/** One RS256 signing key per test process (so the provider never uses its built-in dev keys). */
function loadSigningKey(): Promise<Record<string, unknown>> {
  signingKey ??= (async () => {
    const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
    return { ...privateKey.export({ format: 'jwk' }), kid: `test-${randomUUID()}`, use: 'sig', alg: 'RS256' };
  })();
  return signingKey;
}

// ---------------------------------------------------------------------------------------------
// Pages. These replace oidc-provider's default page templates (which print notices when used);
// the forms inside them are generated by the provider itself. Each page tags <body> with
// data-page / data-error so the HTTP flows (and humans in Chromium) can tell where they are.

function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(kind: string, title: string, inner: string, error?: { name: string; description: string }): string {
  const errorAttributes = error ? ` data-error="${escapeHtml(error.name)}" data-error-description="${escapeHtml(error.description)}"` : '';
  const errorText = error ? `<p class="error">${escapeHtml(error.name)}: ${escapeHtml(error.description)}</p>` : '';
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body data-page="${kind}"${errorAttributes}><h1>${escapeHtml(title)}</h1>${errorText}${inner}</body></html>`;
}

interface ErrorOut {
  error?: string;
  error_description?: string;
}

function describeError(err: unknown, out?: ErrorOut): { name: string; description: string } {
  const e = (err ?? {}) as { name?: string; message?: string; error?: string; error_description?: string; error_detail?: string };
  const name = out?.error ?? e.error ?? e.name ?? 'error';
  let description = out?.error_description ?? e.error_description ?? e.message ?? '';
  if (e.error_detail !== undefined && e.error_detail !== description) description = `${description} (${e.error_detail})`;
  // Re-rendered device pages carry their cause in the error class name (NotFoundError, AbortedError...).
  if (e.name !== undefined && e.error === undefined) return { name: e.name, description: e.message ?? description };
  return { name, description };
}

// ---------------------------------------------------------------------------------------------

export async function startOidcServer(options: OidcServerOptions = {}): Promise<OidcServer> {
  const accessTokenTtl = options.accessTokenTtl ?? 3600;
  const refreshTokenTtl = options.refreshTokenTtl ?? 14 * DAY;
  const rotate = options.rotateRefreshTokens ?? true;
  const deviceCodeTtl = options.deviceCodeTtl ?? 600;
  const idleTimeoutMs = options.idleTimeoutMs ?? 5 * 60_000;
  for (const [name, value] of Object.entries({ accessTokenTtl, refreshTokenTtl, deviceCodeTtl })) {
    if (!Number.isInteger(value) || value <= 0) throw new TypeError(`${name} must be a positive integer number of seconds`);
  }

  const clients = new Map(defaultClients().map((c) => [c.client_id, c]));
  for (const client of options.clients ?? []) clients.set(client.client_id, client);

  const [Provider, jwk] = await Promise.all([loadProvider(), loadSigningKey()]);

  const grantCounts: Record<string, number> = {};
  let tokenOverride: ((grantType: string) => TokenAnswer | undefined) | undefined;
  const eventLog: OidcServerEvent[] = [];
  const record = (name: string, detail?: string): void => {
    eventLog.push(detail === undefined ? { name } : { name, detail });
  };

  // The HTTP server comes first: the issuer needs the port.
  let handler: ((req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void) | undefined;
  let idleTimer: NodeJS.Timeout | undefined;
  let closed: Promise<void> | undefined;
  const server = createServer((req, res) => {
    armIdleTimer();
    if (handler === undefined) {
      res.statusCode = 503;
      res.end();
      return;
    }
    handler(req, res);
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.unref();
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;

  function armIdleTimer(): void {
    if (idleTimer !== undefined) clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      record('server.idle_timeout', `closed after ${idleTimeoutMs} ms without requests`);
      void close();
    }, idleTimeoutMs);
    idleTimer.unref();
  }

  function close(): Promise<void> {
    closed ??= new Promise<void>((resolve) => {
      if (idleTimer !== undefined) clearTimeout(idleTimer);
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closed;
  }

  const configuration = {
    clients: [...clients.values()],
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    scopes: ['openid', 'offline_access', 'email', 'profile', 'llm'],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username'],
    },
    async findAccount(_ctx: unknown, sub: string) {
      return {
        accountId: sub,
        async claims() {
          return { sub, email: `${sub}@example.test`, email_verified: true };
        },
      };
    },
    features: {
      devInteractions: { enabled: true },
      // No resource indicators: access tokens are opaque, audience-less, and carry every granted
      // scope including `llm`, so no `resource` parameter is ever needed.
      resourceIndicators: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: {
        enabled: true,
        allowedPolicy: async (_ctx: unknown, client: ProviderClient, token: ProviderToken) => token.clientId === client.clientId,
      },
      introspection: {
        enabled: true,
        allowedPolicy: async (_ctx: unknown, client: ProviderClient, token: ProviderToken) =>
          client.clientAuthMethod !== 'none' || token.clientId === client.clientId,
      },
      deviceFlow: {
        enabled: true,
        async userCodeInputSource(ctx: ProviderContext, form: string, out?: ErrorOut, err?: unknown) {
          const submit = '<button type="submit" form="op.deviceInputForm">Continue</button>';
          ctx.type = 'html';
          ctx.body = page('device-input', 'Device sign-in', form + submit, err === undefined ? undefined : describeError(err, out));
        },
        async userCodeConfirmSource(ctx: ProviderContext, form: string, _client: unknown, _deviceInfo: unknown, userCode: string) {
          const buttons =
            '<button type="submit" form="op.deviceConfirmForm">Continue</button>' +
            '<button type="submit" form="op.deviceConfirmForm" name="abort" value="yes">Abort</button>';
          ctx.type = 'html';
          ctx.body = page('device-confirm', 'Confirm device', `<p>Code: <code>${escapeHtml(userCode)}</code></p>${form}${buttons}`);
        },
        async successSource(ctx: ProviderContext) {
          ctx.type = 'html';
          ctx.body = page('device-success', 'Sign-in success', '<p>You can close this page.</p>');
        },
      },
    },
    async renderError(ctx: ProviderContext, out: ErrorOut, error: unknown) {
      ctx.type = 'html';
      ctx.body = page('error', 'OpenID Provider error', '', describeError(error, out));
    },
    clientBasedCORS: () => false,
    pkce: { required: () => true }, // S256 is the only method oidc-provider 9 supports
    // oidc-provider drops `offline_access` from authorization requests unless prompt=consent, and its
    // default issueRefreshToken then issues none. Issue one whenever the client may refresh.
    async issueRefreshToken(_ctx: unknown, client: ProviderClient) {
      return client.grantTypeAllowed('refresh_token');
    },
    // Tokens outlive the browser session (the default ties them to it without offline_access).
    expiresWithSession: async () => false,
    rotateRefreshToken: rotate,
    ttl: {
      AccessToken: accessTokenTtl,
      ClientCredentials: accessTokenTtl,
      RefreshToken: refreshTokenTtl,
      AuthorizationCode: 60,
      DeviceCode: deviceCodeTtl,
      IdToken: 3600,
      Interaction: 3600,
      Session: 14 * DAY,
      Grant: Math.max(14 * DAY, refreshTokenTtl, accessTokenTtl),
      BackchannelAuthenticationRequest: 600,
      PreAuthorizedCode: 600,
    },
  };

  const provider = quietly(() => new Provider(issuer, configuration));

  // Koa prints errors unless someone listens: record them instead.
  provider.on('error', (err: unknown) => record('error', describeError(err).description));
  provider.on('server_error', (_ctx: unknown, err: unknown) => record('server_error', describeError(err).description));
  for (const name of [
    'grant.error',
    'authorization.error',
    'revocation.error',
    'introspection.error',
    'device_authorization.error',
    'code_verification.error',
    'device_resume.error',
    'userinfo.error',
  ]) {
    provider.on(name, (_ctx: unknown, err: unknown) => {
      const { name: error, description } = describeError(err);
      record(name, `${error}: ${description}`);
    });
  }
  provider.on('grant.revoked', (ctx: ProviderContext, grantId: string) => {
    const oidc: OidcContext | undefined = ctx.oidc;
    const grantType = oidc?.params?.grant_type;
    let reason = `grant revoked on route ${oidc?.route ?? 'unknown'}`;
    if (oidc?.route === 'token' && grantType === 'refresh_token' && oidc.entities.RefreshToken?.consumed) reason = 'refresh token reuse';
    else if (oidc?.route === 'token' && grantType === 'authorization_code') reason = 'authorization code reuse';
    else if (oidc?.route === 'revocation') reason = 'token revocation';
    record('grant.revoked', `${reason} (grant ${grantId})`);
  });
  for (const kind of ['access_token', 'refresh_token', 'client_credentials']) {
    provider.on(`${kind}.destroyed`, (token: ProviderToken) => record(`${kind}.destroyed`, `client ${token.clientId ?? 'unknown'}`));
  }

  provider.use(async (ctx, next) => {
    try {
      await next();
    } finally {
      const oidc = ctx.oidc;
      if (oidc?.route === 'token') {
        const grantType = oidc.body?.grant_type;
        if (typeof grantType === 'string') grantCounts[grantType] = (grantCounts[grantType] ?? 0) + 1;
      }
    }
    const grantType = ctx.oidc?.route === 'token' ? ctx.oidc.body?.grant_type : undefined;
    const answer = typeof grantType === 'string' ? tokenOverride?.(grantType) : undefined;
    if (answer) {
      ctx.remove('www-authenticate');
      ctx.body = answer.body;
      ctx.type = answer.contentType ?? 'text/plain';
      ctx.status = answer.status;
    }
    if (options.deviceInterval !== undefined && ctx.oidc?.route === 'device_authorization' && ctx.status === 200) {
      const body = ctx.body;
      if (body !== null && typeof body === 'object') (body as Record<string, unknown>).interval = options.deviceInterval;
    }
  });

  // Static client metadata is validated lazily by oidc-provider; fail here instead of mid-test.
  try {
    for (const clientId of clients.keys()) {
      if ((await provider.Client.find(clientId)) === undefined) throw new Error(`client ${clientId} not found`);
    }
  } catch (err) {
    await close();
    throw new Error(`test OIDC server: invalid client configuration: ${describeError(err).description}`, { cause: err });
  }

  handler = provider.callback();
  armIdleTimer();

  // ---- page-driving flows ------------------------------------------------------------------

  type Step = { url: URL; form?: Record<string, string> };
  /** What to do with a rendered page: submit something, or finish. */
  type Decision = Step | 'done';

  /**
   * Sends `first`, follows same-origin redirects, and hands every rendered page to `decide`.
   * Returns the first redirect that leaves the issuer's origin (without fetching it), or
   * undefined when `decide` says done. Bounded in steps and time.
   */
  async function runFlow(
    what: string,
    browser: CookieBrowser,
    first: Step,
    decide: (page: BrowserResponse) => Decision,
  ): Promise<URL | undefined> {
    const deadline = Date.now() + MAX_FLOW_MS;
    let step: Step = first;
    for (let i = 0; i < MAX_FLOW_STEPS && Date.now() < deadline; i += 1) {
      if (closed !== undefined) throw new Error(`${what}: the test OIDC server is closed`);
      const response = await browser.send(step.url, step.form);
      if (response.location !== undefined) {
        if (response.location.origin !== new URL(issuer).origin) return response.location;
        step = { url: response.location };
        continue;
      }
      if (bodyAttribute(response.html, 'data-page') === 'error') {
        throw new Error(
          `${what}: provider error page at ${response.url.pathname}: ${bodyAttribute(response.html, 'data-error')}: ${bodyAttribute(response.html, 'data-error-description')}`,
        );
      }
      const decision = decide(response);
      if (decision === 'done') return undefined;
      step = decision;
    }
    throw new Error(`${what}: no result after ${MAX_FLOW_STEPS} steps / ${MAX_FLOW_MS} ms`);
  }

  function unexpected(what: string, response: BrowserResponse): Error {
    const text = response.html
      .replace(/<style[\s\S]*?<\/style>/gi, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    return new Error(`${what}: unexpected page (HTTP ${response.status}) at ${response.url.pathname}: ${text.slice(0, 300)}`);
  }

  /** Handles the devInteractions login and consent pages; undefined for any other page. */
  function interactionStep(response: BrowserResponse, sub: string): Step | undefined {
    const forms = parseForms(response.html, response.url);
    const login = forms.find((f) => f.fields.prompt === 'login');
    if (login) return submit(login, { login: sub, password: 'any-password' });
    const consent = forms.find((f) => f.fields.prompt === 'consent');
    if (consent) return submit(consent, {});
    return undefined;
  }

  function submit(form: PageForm, values: Record<string, string>): Step {
    return { url: form.action, form: { ...form.fields, ...values } };
  }

  async function authorize(authorizationUrl: string, sub: string = DEFAULT_SUB): Promise<URL> {
    const what = 'authorize()';
    const browser = new CookieBrowser();
    const result = await runFlow(what, browser, { url: new URL(authorizationUrl) }, (response) => {
      const next = interactionStep(response, sub);
      if (next === undefined) throw unexpected(what, response);
      return next;
    });
    if (result === undefined) throw new Error(`${what}: flow ended without a redirect to the client`);
    return result;
  }

  async function deviceFlow(userCode: string, approve: boolean, sub: string): Promise<void> {
    const what = approve ? 'approveDevice()' : 'denyDevice()';
    const browser = new CookieBrowser();
    let submittedCode = false;
    let aborted = false;
    const result = await runFlow(what, browser, { url: new URL('/device', issuer) }, (response) => {
      const kind = bodyAttribute(response.html, 'data-page');
      const error = bodyAttribute(response.html, 'data-error');
      const forms = parseForms(response.html, response.url);
      if (kind === 'device-input') {
        if (aborted && error === 'AbortedError') return 'done';
        if (submittedCode || error !== undefined) {
          throw new Error(
            `${what}: user code ${userCode} rejected: ${error ?? 'unknown'}: ${bodyAttribute(response.html, 'data-error-description') ?? ''}`,
          );
        }
        const input = forms.find((f) => f.id === 'op.deviceInputForm');
        if (!input) throw unexpected(what, response);
        submittedCode = true;
        return submit(input, { user_code: userCode });
      }
      if (kind === 'device-confirm') {
        const confirm = forms.find((f) => f.id === 'op.deviceConfirmForm');
        if (!confirm) throw unexpected(what, response);
        if (approve) return submit(confirm, {});
        aborted = true;
        return submit(confirm, { abort: 'yes' });
      }
      if (kind === 'device-success') {
        if (approve) return 'done';
        throw unexpected(what, response);
      }
      const next = interactionStep(response, sub);
      if (next === undefined) throw unexpected(what, response);
      return next;
    });
    if (result !== undefined) throw new Error(`${what}: unexpected redirect away from the provider to ${result.href}`);
  }

  async function introspect(token: string): Promise<{ active: boolean } & Record<string, unknown>> {
    const response = await fetch(new URL('/token/introspection', issuer), {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${INTROSPECTION_CLIENT_ID}:${INTROSPECTION_CLIENT_SECRET}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: new URLSearchParams({ token }).toString(),
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await response.json()) as Record<string, unknown>;
    if (!response.ok || typeof body.active !== 'boolean') {
      throw new Error(`introspect(): HTTP ${response.status}: ${JSON.stringify(body)}`);
    }
    return { ...body, active: body.active };
  }

  return {
    issuer,
    port,
    grants: () => ({ ...grantCounts }),
    events: () => eventLog.map((e) => ({ ...e })),
    approveDevice: (userCode, sub = DEFAULT_SUB) => deviceFlow(userCode, true, sub),
    denyDevice: (userCode) => deviceFlow(userCode, false, DEFAULT_SUB),
    authorize,
    overrideTokenAnswers: (answer) => {
      tokenOverride = answer;
    },
    introspect,
    close,
  };
}
