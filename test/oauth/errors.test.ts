// Translation of oauth4webapi and fetch errors into Port42Error: codes, hints, no secrets.
import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES, Port42Error } from '../../src/errors.ts';
import { isNetworkFailure, oauthErrorCode, translateOAuthError, type OAuthErrorContext } from '../../src/oauth/errors.ts';

const context: OAuthErrorContext = {
  profile: 'gw',
  clientId: 'port42-cli',
  action: 'refreshing the token',
  retry: 'port42 auth token gw',
  secrets: ['rt-secret-value'],
};

/** A real ResponseBodyError, produced by oauth4webapi from an error response. */
async function bodyError(status: number, body: Record<string, string>): Promise<unknown> {
  const as: oauth.AuthorizationServer = { issuer: 'https://login.example', token_endpoint: 'https://login.example/token' };
  const response = Response.json(body, { status });
  return oauth.processRefreshTokenResponse(as, { client_id: 'port42-cli' }, response).then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('translateOAuthError', () => {
  it('turns invalid_grant into login-needed (exit 4) with the login hint', async () => {
    const error = translateOAuthError(
      await bodyError(400, { error: 'invalid_grant', error_description: 'grant request is invalid' }),
      context,
    );
    expect(EXIT_CODES[error.code]).toBe(4);
    expect(error.message).toBe('the issuer no longer accepts the login of profile "gw" (invalid_grant: grant request is invalid)');
    expect(error.hint).toBe('port42 auth login gw');
  });

  it('turns invalid_client into a config error naming client_id', async () => {
    const error = translateOAuthError(await bodyError(400, { error: 'invalid_client' }), context);
    expect(error.code).toBe('config');
    expect(error.message).toMatch(/rejected client_id "port42-cli" of profile "gw".*check client_id under \[profiles\.gw\.oauth\]/);
    expect(error.hint).toBe('port42 profile show gw');
  });

  it('turns network failures into exit 1 with "retry later", recognisable as network failures', () => {
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
    });
    const error = translateOAuthError(refused, context);
    expect([error.code, error.message, error.hint]).toEqual([
      'failure',
      'cannot reach the issuer while refreshing the token (ECONNREFUSED); nothing was changed',
      'port42 auth token gw   # retry later',
    ]);
    expect(isNetworkFailure(error)).toBe(true);
    const timeout = translateOAuthError(new DOMException('The operation was aborted due to timeout', 'TimeoutError'), context);
    expect(timeout.message).toMatch(/\(timed out\)/);
  });

  it('treats 5xx answers as transient', async () => {
    const as: oauth.AuthorizationServer = { issuer: 'https://login.example', token_endpoint: 'https://login.example/token' };
    const raw = await oauth
      .processRefreshTokenResponse(as, { client_id: 'x' }, new Response('bad gateway', { status: 502 }))
      .catch((e: unknown) => e);
    const error = translateOAuthError(raw, context);
    expect(error.message).toMatch(/HTTP 502/);
    expect(error.hint).toMatch(/retry later/);
  });

  it('never repeats a secret that an issuer echoed into its error description', async () => {
    const error = translateOAuthError(
      await bodyError(400, { error: 'invalid_request', error_description: 'bad token rt-secret-value here' }),
      context,
    );
    expect(error.message).not.toContain('rt-secret-value');
    expect(error.message).toContain('[redacted]');
  });

  it('passes Port42Errors through and reads OAuth error codes', async () => {
    const own = new Port42Error('usage', 'x');
    expect(translateOAuthError(own, context)).toBe(own);
    expect(oauthErrorCode(await bodyError(400, { error: 'slow_down' }))).toBe('slow_down');
    expect(oauthErrorCode(new Error('x'))).toBeUndefined();
  });
});
