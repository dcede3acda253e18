/**
 * The real credential behind a proxy session. API keys and command/env secrets are fixed for the
 * session; OAuth access tokens are kept fresh with the single-flight refresh (src/oauth/refresh.ts)
 * ahead of expiry — when less than min(60 s, a quarter of the token's lifetime) remains, so short
 * tokens are not renewed on every request — and renewed once more when the upstream refuses one.
 */
import type { Context } from '../context.ts';
import type { Profile } from '../config/types.ts';
import type { Credential } from '../profiles/credential.ts';
import type { SecretStore } from '../stores/types.ts';

/** Hands the proxy the secret to inject. */
export interface CredentialKeeper {
  readonly kind: Credential['kind'];
  /** Whether a refused secret can be renewed (OAuth): only then is a request body kept for a retry. */
  readonly renewable: boolean;
  /** The secret to send now (undefined for auth = "none"). Throws what the refresh throws. */
  current(): Promise<string | undefined>;
  /**
   * After the upstream answered 401 to `refused`: a renewed secret to retry with once, or
   * undefined when renewing cannot help (API keys).
   */
  renewAfterRefusal(refused: string): Promise<string | undefined>;
}

/** A secret that stays the same for the whole session. */
export function fixedCredential(credential: Credential): CredentialKeeper {
  return { kind: credential.kind, renewable: false, current: async () => credential.secret, renewAfterRefusal: async () => undefined };
}

/** The renewal margin for a token seen with `lifetimeMs` to live: min(60 s, a quarter of it). */
export function renewalMarginMs(lifetimeMs: number): number {
  return Math.max(0, Math.min(60_000, lifetimeMs / 4));
}

/** An OAuth access token kept fresh for a long-running session. */
export function refreshingCredential(ctx: Context, store: SecretStore, profile: Profile, initial: Credential): CredentialKeeper {
  let token = initial.secret;
  let expiresAt = initial.expiresAt ?? Infinity;
  // The token's lifetime as this session saw it: from when it got it to its expiry.
  let seenAt = ctx.now();
  let inFlight: Promise<string | undefined> | undefined;
  const renew = (refused?: string): Promise<string | undefined> => {
    inFlight ??= (async () => {
      try {
        const { renewTokenSet } = await import('../oauth/refresh.ts');
        const { processSystem } = await import('../oauth/system.ts');
        const marginSeconds = Math.ceil(renewalMarginMs(expiresAt - seenAt) / 1000);
        const set = await renewTokenSet({ ctx, store, system: processSystem }, profile, marginSeconds, refused);
        if (set.access_token !== token) seenAt = ctx.now();
        token = set.access_token;
        expiresAt = set.expires_at;
        return token;
      } finally {
        inFlight = undefined;
      }
    })();
    return inFlight;
  };
  return {
    kind: initial.kind,
    renewable: true,
    current: async () => {
      if (inFlight) return inFlight;
      if (ctx.now() < expiresAt - renewalMarginMs(expiresAt - seenAt)) return token;
      return renew();
    },
    renewAfterRefusal: (refused) => (inFlight ? inFlight : refused === token ? renew(refused) : Promise.resolve(token)),
  };
}
