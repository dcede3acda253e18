/**
 * A headless machine for the agent tests: no D-Bus session (the address leads nowhere, as in
 * test/consumers/ai-clis.test.ts), `store = "file"`, no PORT42_PASSPHRASE, and the real agent
 * started by the real `port42 unlock`. Every agent a test starts is killed by `stopAllAgents`.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { askAgent } from '../../src/agent/client.ts';
import { agentSocketPath } from '../../src/agent/socket-path.ts';
import { createSandbox, runCli, type CliResult, type Sandbox } from '../support/cli.ts';
import { BIN_DIR } from '../consumers/support.ts';

export const NO_KEYCHAIN = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/port42-test-bus' };
// Made at run time, so that no file (not even this test's source or its transform cache) holds it.
export const PASSPHRASE = `agent-test-${randomBytes(12).toString('hex')}`;
export const KEY = 'sk-proj-agentTestKey0123456789abcdefghij';

const started = new Set<number>();
const sandboxes: Sandbox[] = [];

/** A sandbox with the file store and one profile `work` (and `p0`…`p9` for concurrency). */
export function headlessSandbox(store = 'file', extraEnv: Record<string, string> = {}): Sandbox {
  const sandbox = createSandbox({ ...NO_KEYCHAIN, ...extraEnv });
  sandbox.env.PATH = `${BIN_DIR}:${sandbox.env.PATH}`;
  let config = `store = "${store}"\ndefault = "work"\n\n[profiles.work]\nprovider = "openai"\nmatch = ["https://api.openai.com"]\n`;
  for (let i = 0; i < 10; i++) config += `\n[profiles.p${i}]\nprovider = "openai"\n`;
  sandbox.writeConfig(config);
  sandboxes.push(sandbox);
  return sandbox;
}

/** The agent's socket for this sandbox. */
export function socketOf(sandbox: Sandbox): string {
  return agentSocketPath(sandbox.env, sandbox.home);
}

/** The agent's pid, or undefined when none answers. */
export async function agentPid(sandbox: Sandbox): Promise<number | undefined> {
  const reply = await askAgent(socketOf(sandbox), { op: 'status' }).catch(() => undefined); // a refused directory: none
  return reply?.ok ? reply.status?.pid : undefined;
}

/** `printf %s "$PW" | port42 unlock …`; remembers the agent so that it is killed after the suite. */
export async function unlock(sandbox: Sandbox, args: string[] = [], passphrase = PASSPHRASE): Promise<CliResult> {
  // --max bounds any agent a crashed run could leave behind.
  const bounded = args.includes('--max') ? args : [...args, '--max', '1h'];
  const result = await runCli(sandbox, ['unlock', ...bounded], { input: passphrase });
  const pid = await agentPid(sandbox);
  if (pid) started.add(pid);
  return result;
}

/** Whether a process exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Locks and kills every agent the tests started, and removes the sandboxes. */
export async function stopAllAgents(): Promise<void> {
  for (const sandbox of sandboxes) await askAgent(socketOf(sandbox), { op: 'lock' }).catch(() => undefined); // refused dirs too
  for (const pid of started) if (alive(pid)) process.kill(pid, 'SIGKILL');
  for (const sandbox of sandboxes) sandbox.cleanup();
}

/** Waits (bounded) until `check` holds. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<boolean> {
  for (let i = 0; i < timeoutMs / 50; i++) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

export const stateFile = (sandbox: Sandbox, name: string) => join(sandbox.stateDir, name);
