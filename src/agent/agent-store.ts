/**
 * The encrypted file store as seen through the unlock agent: each call goes to the agent, and
 * when no agent answers, to a fallback (the file opened with a passphrase from a prompt, or a
 * "locked" error for the verbs that never prompt). A write the agent took but did not answer in
 * time is neither retried nor sent to the fallback: its outcome is unknown, and the user is told so.
 */
import type { SecretStore } from '../stores/types.ts';
import { storeUnavailable, type Port42Error } from '../errors.ts';
import { stateDir } from '../files/paths.ts';
import { agentSocketPath } from './socket-path.ts';
import { AGENT_TIMEOUT_MS, NO_REPLY, agentError, agentWriteTimeoutMs, exchangeWithAgent } from './client.ts';
import { agentWriteWaitMs, type AgentCall, type AgentReply } from './protocol.ts';

type OkReply = Extract<AgentReply, { ok: true }>;

/** What a write says when the agent took it and did not answer within `timeoutMs` (exit 5). */
function writeUnconfirmed(timeoutMs: number, waitMs: number): Port42Error {
  return storeUnavailable(
    `the unlock agent did not answer within ${timeoutMs / 1000} s, so whether the change was stored is unknown: the agent seems stuck (it gives up a write it cannot start in ${waitMs / 1000} s); check with port42 auth status`,
    'port42 unlock   # replaces a stuck agent',
  );
}

/** The file store via the agent at `socketPath`, else via `fallback()`. */
export class AgentFileStore implements SecretStore {
  readonly kind = 'file' as const;
  /** Set once no agent answered: the rest of this process uses the fallback directly. */
  private absent = false;
  private fallbackStore: Promise<SecretStore> | undefined;

  constructor(
    private readonly socketPath: string,
    /** The state directory whose store this process means. */
    private readonly storeDir: string,
    private readonly fallback: () => Promise<SecretStore>,
    /** How long the agent lets a write wait before it starts (protocol.ts); the client waits longer. */
    private readonly writeWaitMs: number,
  ) {}

  private async call<T>(request: AgentCall, fromReply: (reply: OkReply) => T, direct: (store: SecretStore) => Promise<T>): Promise<T> {
    if (!this.absent) {
      const write = request.op === 'set' || request.op === 'delete';
      const timeoutMs = write ? agentWriteTimeoutMs(this.writeWaitMs) : AGENT_TIMEOUT_MS;
      const reply = await exchangeWithAgent(this.socketPath, request, timeoutMs);
      if (reply === NO_REPLY) {
        // A read may go elsewhere; a write may still be in the agent's hands: the fallback would
        // write a second time, and "locked" would not be true.
        if (write) throw writeUnconfirmed(timeoutMs, this.writeWaitMs);
      } else if (reply?.ok) {
        return fromReply(reply);
      } else {
        const error = reply ? agentError(reply) : undefined;
        if (error) throw error;
      }
      this.absent = true;
    }
    this.fallbackStore ??= this.fallback();
    return direct(await this.fallbackStore);
  }

  get(account: string): Promise<string | undefined> {
    return this.call(
      { op: 'get', store: this.storeDir, account },
      (reply) => (typeof reply.value === 'string' ? reply.value : undefined),
      (store) => store.get(account),
    );
  }

  set(account: string, value: string): Promise<void> {
    return this.call(
      { op: 'set', store: this.storeDir, account, value },
      () => undefined,
      (store) => store.set(account, value),
    );
  }

  delete(account: string): Promise<boolean> {
    return this.call(
      { op: 'delete', store: this.storeDir, account },
      (reply) => reply.deleted === true,
      (store) => store.delete(account),
    );
  }

  getAll(): Promise<ReadonlyMap<string, string>> {
    return this.call(
      { op: 'list', store: this.storeDir },
      (reply) => new Map(Object.entries(reply.items ?? {})),
      (store) => store.getAll(),
    );
  }
}

/** The file store through the agent of this HOME/XDG_RUNTIME_DIR (one import for the hot path). */
export function openAgentFileStore(
  env: Readonly<Record<string, string | undefined>>,
  home: string,
  fallback: () => Promise<SecretStore>,
): SecretStore {
  return new AgentFileStore(agentSocketPath(env, home), stateDir(env, home), fallback, agentWriteWaitMs(env));
}
