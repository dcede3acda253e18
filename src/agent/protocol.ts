/**
 * The agent's wire protocol: one JSON object per line (newline-delimited), one request and one
 * reply per line, versioned by `v`. Kept free of imports: the client on the hot path loads it.
 */

/** The protocol version; a request with another `v` gets a `version` error reply. */
export const PROTOCOL_VERSION = 1;

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
export type AgentErrorCode = 'bad-request' | 'version' | 'other-store' | 'stopping' | 'too-large' | 'store-unavailable' | 'failure';

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
