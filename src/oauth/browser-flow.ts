/**
 * The browser login: authorization code with PKCE S256, `state`, and a `nonce` when the openid
 * scope is asked for (RFC 6749 §4.1, RFC 7636, RFC 8252 loopback redirect). The URL always goes
 * to stderr; the browser is opened unless told not to or when none can be shown here.
 */
import * as oauth from 'oauth4webapi';
import type { Context } from '../context.ts';
import { configError, failure, Port42Error } from '../errors.ts';
import { note } from '../context.ts';
import { startCallbackServer, type CallbackRequest, type CallbackServer } from './callback-server.ts';
import { errorContext, type OAuthClient } from './client.ts';
import { translateOAuthError } from './errors.ts';
import { browserUnavailableReason } from './open-browser.ts';
import type { OAuthSystem } from './system.ts';
import { idClaimsFrom, type IdClaims } from './token-set.ts';

/** Tokens from a successful login, with who logged in when an ID token came along. */
export interface GrantResult {
  readonly response: oauth.TokenEndpointResponse;
  readonly idClaims?: IdClaims | undefined;
}

/** What the browser flow needs. */
export interface BrowserFlowInput {
  readonly ctx: Context;
  readonly client: OAuthClient;
  readonly noBrowser: boolean;
  readonly system: Pick<OAuthSystem, 'openBrowser' | 'platform' | 'callbackTimeoutMs'>;
  /** Aborts the wait (Ctrl-C). */
  readonly signal: AbortSignal;
}

/** Refused callback requests reported on stderr before the rest are counted silently. */
const MAX_REFUSALS_SHOWN = 3;

/** Extra authorization parameters a preset needs: Google issues refresh tokens only for offline access with consent. */
const PRESET_PARAMETERS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  google: { access_type: 'offline', prompt: 'consent' },
};

function authorizationUrl(
  client: OAuthClient,
  redirectUri: string,
  secrets: { state: string; challenge: string; nonce: string | undefined },
): URL {
  const { as, settings } = client;
  const url = new URL(as.authorization_endpoint as string);
  const parameters: Record<string, string> = {
    client_id: settings.clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: settings.scopes.join(' '),
    state: secrets.state,
    code_challenge: secrets.challenge,
    code_challenge_method: 'S256',
    ...(secrets.nonce ? { nonce: secrets.nonce } : {}),
    ...(settings.audience ? { audience: settings.audience } : {}),
    ...PRESET_PARAMETERS[settings.preset],
  };
  for (const [key, value] of Object.entries(parameters)) url.searchParams.set(key, value);
  return url;
}

async function presentUrl(input: BrowserFlowInput, url: URL, server: CallbackServer): Promise<void> {
  const { ctx, client, system } = input;
  note(ctx, `sign in to ${client.settings.issuer} for profile "${client.profile}" in a browser:`);
  ctx.stderr.write(`  ${url.href}\n`);
  const unavailable = input.noBrowser ? undefined : browserUnavailableReason(ctx.env, system.platform);
  if (unavailable) {
    note(ctx, `not opening a browser: ${unavailable}. The sign-in returns to 127.0.0.1:${server.port} on this machine:`);
    ctx.stderr.write(`  run: port42 auth login ${client.profile} --device   # sign in on another device instead\n`);
  } else if (!input.noBrowser) {
    await system
      .openBrowser(ctx, url.href)
      .catch((error: unknown) =>
        note(ctx, `could not start a browser (${error instanceof Error ? error.message : String(error)}): open the URL above yourself`),
      );
  }
  const minutes = Math.round(system.callbackTimeoutMs / 60_000);
  note(
    ctx,
    `waiting for the sign-in (up to ${minutes >= 1 ? `${minutes} min` : `${Math.round(system.callbackTimeoutMs / 1000)} s`}; Ctrl-C cancels)`,
  );
}

function waitForCallback(server: CallbackServer, input: BrowserFlowInput): Promise<CallbackRequest> {
  const { signal, system, client } = input;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          failure(
            `no sign-in arrived within ${Math.round(system.callbackTimeoutMs / 1000)} s`,
            `port42 auth login ${client.profile}   # or add --device`,
          ),
        ),
      system.callbackTimeoutMs,
    );
    const onAbort = () => reject(signal.reason instanceof Port42Error ? signal.reason : new Port42Error('cancelled', 'cancelled'));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    server.callback.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    });
  });
}

/** The reason a callback is refused, worded for the browser page and the terminal. */
function callbackProblem(error: unknown, client: OAuthClient): Port42Error {
  const hint = `port42 auth login ${client.profile}`;
  if (error instanceof oauth.OperationProcessingError) {
    if (/"state"/.test(error.message)) {
      // Never accepted: a stale tab or another program calling our port cannot inject its code.
      return failure(
        "the sign-in callback did not carry this login's state, so it was refused (a stale browser tab, or another program?)",
        hint,
        error,
      );
    }
    if (/"iss"/.test(error.message)) {
      return failure(
        `the sign-in callback names a different issuer than ${client.as.issuer}, so it was refused (RFC 9207 mix-up protection)`,
        hint,
        error,
      );
    }
  }
  return translateOAuthError(error, errorContext(client, 'signing in', hint));
}

/** Runs the browser login and returns the tokens. Throws failure (1), config (3) or cancelled (130). */
export async function runBrowserFlow(input: BrowserFlowInput): Promise<GrantResult> {
  const { client } = input;
  const { as, settings } = client;
  if (!as.authorization_endpoint) {
    throw configError(
      `the issuer of profile "${client.profile}" has no authorization endpoint`,
      `port42 auth login ${client.profile} --device   # or set authorization_endpoint`,
    );
  }
  if (as.code_challenge_methods_supported && !as.code_challenge_methods_supported.includes('S256')) {
    throw failure(`the issuer of profile "${client.profile}" does not support PKCE with S256, which port42 always uses`);
  }
  const state = oauth.generateRandomState();
  let refused = 0;
  const server = await startCallbackServer(settings.redirectPort, {
    state,
    // Said a few times only: a program hammering the port must not flood the terminal.
    onRefused: (reason) => {
      refused++;
      if (refused <= MAX_REFUSALS_SHOWN) {
        note(input.ctx, `refused a request to the sign-in callback: ${reason} (a stale browser tab, or another program?); still waiting`);
      } else if (refused === MAX_REFUSALS_SHOWN + 1) note(input.ctx, 'further refused requests to the sign-in callback are not shown');
    },
  });
  try {
    const verifier = oauth.generateRandomCodeVerifier();
    const openid = settings.scopes.includes('openid');
    const nonce = openid ? oauth.generateRandomNonce() : undefined;
    const url = authorizationUrl(client, server.redirectUri, { state, nonce, challenge: await oauth.calculatePKCECodeChallenge(verifier) });
    await presentUrl(input, url, server);
    const request = await waitForCallback(server, input);

    let parameters: URLSearchParams;
    try {
      parameters = oauth.validateAuthResponse(as, client.client, request.url, state);
    } catch (error) {
      const problem = callbackProblem(error, client);
      await request.reply({ ok: false, message: `${problem.message}.` });
      throw problem;
    }
    try {
      const response = await oauth.authorizationCodeGrantRequest(
        as,
        client.client,
        client.auth,
        parameters,
        server.redirectUri,
        verifier,
        client.http as oauth.TokenEndpointRequestOptions,
      );
      const tokens = await oauth.processAuthorizationCodeResponse(as, client.client, response, {
        expectedNonce: nonce ?? oauth.expectNoNonce,
        requireIdToken: openid,
      });
      await request.reply({ ok: true });
      return { response: tokens, idClaims: idClaimsFrom(oauth.getValidatedIdTokenClaims(tokens)) };
    } catch (error) {
      const translated = translateOAuthError(
        error,
        errorContext(client, 'exchanging the sign-in code', `port42 auth login ${client.profile}`, [
          parameters.get('code') ?? undefined,
          verifier,
        ]),
      );
      await request.reply({ ok: false, message: `${translated.message}.` });
      throw translated;
    }
  } finally {
    await server.close();
  }
}
