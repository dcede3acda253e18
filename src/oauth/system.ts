/**
 * What the OAuth source needs from the machine beyond the Context: a browser, timers, Ctrl-C and
 * the lock timings. The defaults touch `process`; tests hand in fakes (a browser that drives the
 * test issuer, a fake clock for the device flow, short timeouts).
 */
import { Port42Error } from '../errors.ts';
import type { Context } from '../context.ts';
import { launchBrowser } from './open-browser.ts';
import { childEnvironment } from '../profiles/variables.ts';

/** Timings of the per-profile refresh lock (see file-lock.ts). */
export interface LockTimings {
  /** A holder that has not beaten for this long is presumed frozen; a dead holder is detected at once. */
  readonly staleMs: number;
  /** How long a waiter waits for the lock in total. */
  readonly timeoutMs: number;
  readonly heartbeatMs: number;
}

/** The machine as the OAuth flows see it. */
export interface OAuthSystem {
  /** Opens the URL in a browser; resolves once launched. Rejects when no browser could be started. */
  openBrowser(ctx: Context, url: string): Promise<void>;
  /** Waits `ms`; rejects with the signal's reason when it aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** A signal that aborts with Port42Error('cancelled') on Ctrl-C, until disposed. */
  interrupts(): { readonly signal: AbortSignal; dispose(): void };
  readonly platform: NodeJS.Platform;
  /** How long the browser flow waits for the callback (default 5 minutes). */
  readonly callbackTimeoutMs: number;
  readonly lock: LockTimings;
}

/**
 * Lock timings. A refresh takes 10–100 ms and the holder's heartbeat (every second) keeps a slow
 * one alive; a SIGKILLed holder is recognised at once by its pid. A live holder is presumed frozen
 * only after 10 s of silence: on a loaded machine (30 concurrent `auth token` processes on two
 * cores) a holder went 3 s without beating, and breaking its lock then means a second refresh —
 * which a server with refresh-token reuse detection answers by revoking the whole grant. Waiters
 * give up after 25 s: longer than two 10 s requests of a legitimate holder.
 */
export const DEFAULT_LOCK_TIMINGS: LockTimings = { staleMs: 10_000, timeoutMs: 25_000, heartbeatMs: 1000 };

/** Five minutes to sign in in the browser. */
export const DEFAULT_CALLBACK_TIMEOUT_MS = 5 * 60_000;

/** Waits `ms` unless the signal aborts first. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The real machine. */
export const processSystem: OAuthSystem = {
  // Without PORT42_PASSPHRASE: a browser (or whatever $BROWSER names) has no business with it.
  openBrowser: (ctx, url) => launchBrowser(url, childEnvironment(ctx.env)),
  sleep: abortableSleep,
  interrupts() {
    const controller = new AbortController();
    // Ctrl-C while waiting for the browser or the device approval: a clean exit 130, not a stack.
    const onInterrupt = () => controller.abort(new Port42Error('cancelled', 'cancelled'));
    process.once('SIGINT', onInterrupt);
    return { signal: controller.signal, dispose: () => void process.off('SIGINT', onInterrupt) };
  },
  platform: process.platform,
  callbackTimeoutMs: DEFAULT_CALLBACK_TIMEOUT_MS,
  lock: DEFAULT_LOCK_TIMINGS,
};
