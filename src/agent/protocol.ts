/**
 * The agent's wire protocol: one JSON object per line (newline-delimited), one request and one
 * reply per line, versioned by `v`. Kept free of imports: the client on the hot path loads it.
 */

/**
 * The protocol version; a request with another `v` gets a `version` error reply. Still 1 with the
 * write deadline: requests are unchanged, and a client that does not know the `expired` reply
 * reports the agent's message as a failure, which stays true (nothing was changed).
 */
export const PROTOCOL_VERSION = 1;

/**
 * How long the agent lets a write wait (behind other writes and for the store's file lock),
 * measured from the request's arrival, before it withdraws it unstarted with an `expired` reply.
 * A write whose connection ends first (port42's client closes only once it has its reply or has
 * given up) is withdrawn too. A write that has started (the lock held) always finishes.
 */
export const AGENT_WRITE_WAIT_MS = 10_000;

/**
 * The write wait, shortened by PORT42_AGENT_WRITE_WAIT_MS (test-only: set for `unlock`, which
 * hands it to the agent, and for the clients, so that both sides agree). Never longer than the default.
 */
export function agentWriteWaitMs(env: Readonly<Record<string, string | undefined>>): number {
  const ms = Number(env.PORT42_AGENT_WRITE_WAIT_MS);
  return Number.isInteger(ms) && ms > 0 && ms < AGENT_WRITE_WAIT_MS ? ms : AGENT_WRITE_WAIT_MS;
}

/** The largest line either side accepts, newline included. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

/** A request to the agent. */
export type AgentRequest =
  // `store` is the state directory the caller means: one agent socket (in XDG_RUNTIME_DIR) can be
  // reached from several state directories, and it must never answer for another store.
  | { readonly v: number; readonly op: 'get'; readonly store: string; readonly account: string }
  | { readonly v: number; readonly op: 'set'; readonly store: string; readonly account: string; readonly value: string }
  | { readonly v: number; readonly op: 'delete'; readonly store: string; readonly account: string }
  | { readonly v: number; readonly op: 'list'; readonly store: string }
  | { readonly v: number; readonly op: 'lock' }
  /**
   * `unlock` on a running agent: new limits from now. `key` (base64) must be the key the agent
   * holds, so only someone who knows the passphrase can prolong its life.
   */
  | { readonly v: number; readonly op: 'renew'; readonly key: string; readonly idleMs: number; readonly maxMs: number }
  | { readonly v: number; readonly op: 'status' };

/** A request as the client builds it (the version is added on the wire). */
export type AgentCall = AgentRequest extends infer R ? (R extends AgentRequest ? Omit<R, 'v'> : never) : never;

/** What `status` answers. */
export interface AgentStatus {
  readonly pid: number;
  /** Milliseconds until the agent forgets the key: the sooner of the idle and the maximum limit. */
  readonly leftMs: number;
  readonly idleMs: number;
  readonly maxMs: number;
  readonly store: string;
}

/** Why a request failed: `store-unavailable`/`failure` carry port42's own message and hint. */
/** `stopping`: the agent is locking (its key is gone); like `version` and `other-store`, the client counts it as absent. */
/** `expired`: a write withdrawn before it started (AGENT_WRITE_WAIT_MS): nothing was changed. */
export type AgentErrorCode =
  'bad-request' | 'version' | 'other-store' | 'stopping' | 'too-large' | 'expired' | 'store-unavailable' | 'failure';

/** A reply from the agent. */
export type AgentReply =
  | {
      readonly v: number;
      readonly ok: true;
      readonly value?: string | null;
      readonly deleted?: boolean;
      readonly items?: Readonly<Record<string, string>>;
      readonly status?: AgentStatus;
    }
  | {
      readonly v: number;
      readonly ok: false;
      readonly error: { readonly code: AgentErrorCode; readonly message: string; readonly hint?: string };
    };

/** The socket's file name inside its directory. */
export const SOCKET_NAME = 'agent.sock';

/** The argv word that starts port42 as the agent (not in the command table: no help, no completion). */
export const AGENT_SERVE_WORD = '__agent-serve';
