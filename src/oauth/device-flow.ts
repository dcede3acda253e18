/**
 * The device login (RFC 8628): show a code and a URL on stderr, then poll the token endpoint at
 * the issuer's pace until someone approves on any device. The loop is bounded by the code's
 * lifetime and by a count; sleep and clock are injected so tests can run it on a fake clock.
 */
import * as oauth from 'oauth4webapi';
import type { Context } from '../context.ts';
import { configError, failure, Port42Error } from '../errors.ts';
import { note } from '../context.ts';
import { escapeControl } from '../terminal/escape.ts';
import type { GrantResult } from './browser-flow.ts';
import { errorContext, type OAuthClient } from './client.ts';
import { oauthErrorCode, translateOAuthError } from './errors.ts';
import type { OAuthSystem } from './system.ts';
import { idClaimsFrom } from './token-set.ts';

/** RFC 8628 §3.2: without `interval` in the response, clients wait 5 seconds between polls. */
export const DEFAULT_INTERVAL_SECONDS = 5;
/** RFC 8628 §3.5: each slow_down adds 5 seconds to the interval. */
export const SLOW_DOWN_SECONDS = 5;
/** However long an issuer lets its code live, port42 stops waiting after 30 minutes. */
const MAX_WAIT_SECONDS = 30 * 60;
/** And after this many polls, whatever the clock says. */
const MAX_POLLS = 720;

/** What the device flow needs. */
export interface DeviceFlowInput {
  readonly ctx: Context;
  readonly client: OAuthClient;
  readonly system: Pick<OAuthSystem, 'sleep'>;
  /** Aborts the wait (Ctrl-C). */
  readonly signal: AbortSignal;
}

function requestParameters(client: OAuthClient): Record<string, string> {
  return { scope: client.settings.scopes.join(' '), ...(client.settings.audience ? { audience: client.settings.audience } : {}) };
}

/** The issuer's URL and code, escaped: they come from the server and go to the user's terminal. */
function show(ctx: Context, client: OAuthClient, device: oauth.DeviceAuthorizationResponse): void {
  const uri = escapeControl(device.verification_uri);
  note(ctx, `to sign in for profile "${client.profile}", open ${uri} and enter the code: ${escapeControl(device.user_code)}`);
  if (device.verification_uri_complete) {
    note(ctx, `or open this URL, which carries the code: ${escapeControl(device.verification_uri_complete)}`);
  }
  note(ctx, `waiting for the approval (the code expires in ${Math.round(device.expires_in / 60)} min; Ctrl-C cancels)`);
}

/** Runs the device login and returns the tokens. Throws failure (1), config (3), cancelled (130). */
export async function runDeviceFlow(input: DeviceFlowInput): Promise<GrantResult> {
  const { ctx, client, system, signal } = input;
  const { as } = client;
  const hint = `port42 auth login ${client.profile} --device`;
  if (!as.device_authorization_endpoint) {
    throw configError(
      `the issuer of profile "${client.profile}" has no device authorization endpoint`,
      `port42 auth login ${client.profile}   # the browser flow, or set device_authorization_endpoint`,
    );
  }
  let device: oauth.DeviceAuthorizationResponse;
  try {
    const response = await oauth.deviceAuthorizationRequest(
      as,
      client.client,
      client.auth,
      requestParameters(client),
      client.http as oauth.DeviceAuthorizationRequestOptions,
    );
    device = await oauth.processDeviceAuthorizationResponse(as, client.client, response);
  } catch (error) {
    throw translateOAuthError(error, errorContext(client, 'starting the device sign-in', hint));
  }
  show(ctx, client, device);

  let interval = Math.max(1, device.interval ?? DEFAULT_INTERVAL_SECONDS);
  const deadline = ctx.now() + Math.min(device.expires_in, MAX_WAIT_SECONDS) * 1000;
  const context = errorContext(client, 'waiting for the device sign-in', hint, [device.device_code]);
  for (let poll = 0; poll < MAX_POLLS; poll++) {
    if (ctx.now() + interval * 1000 > deadline) break;
    await system.sleep(interval * 1000, signal);
    if (signal.aborted) throw signal.reason instanceof Port42Error ? signal.reason : new Port42Error('cancelled', 'cancelled');
    try {
      const response = await oauth.deviceCodeGrantRequest(
        as,
        client.client,
        client.auth,
        device.device_code,
        client.http as oauth.TokenEndpointRequestOptions,
      );
      const tokens = await oauth.processDeviceCodeResponse(as, client.client, response);
      return { response: tokens, idClaims: idClaimsFrom(oauth.getValidatedIdTokenClaims(tokens)) };
    } catch (error) {
      const code = oauthErrorCode(error);
      if (code === 'authorization_pending') continue;
      if (code === 'slow_down') {
        interval += SLOW_DOWN_SECONDS;
        continue;
      }
      if (code === 'expired_token') throw failure('the device code expired before the sign-in was approved', hint, error);
      if (code === 'access_denied') throw failure('the sign-in was denied on the approving device', hint, error);
      throw translateOAuthError(error, context);
    }
  }
  throw failure('the device code expired before the sign-in was approved', hint);
}
