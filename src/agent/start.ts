/**
 * Starts the agent: port42 itself in its serve mode, detached (its own session, no terminal, so it
 * outlives the shell), with the settings and the derived key written to its stdin — never in argv
 * or the environment, and without PORT42_PASSPHRASE. Resolves once the agent answers.
 */
import { spawn } from 'node:child_process';
import { storeUnavailable } from '../errors.ts';
import { childEnvironment } from '../profiles/variables.ts';
import { askAgent } from './client.ts';
import { AGENT_SERVE_WORD, type AgentStatus } from './protocol.ts';
import type { AgentSettings } from './serve.ts';

/** How long a new agent may take to listen. */
const START_TIMEOUT_MS = 10_000;

/** Starts an agent holding `key` (the caller overwrites its own copy). Throws store-unavailable when it does not come up. */
export async function startAgent(
  selfPath: string,
  env: Readonly<Record<string, string | undefined>>,
  settings: AgentSettings,
  key: Buffer,
): Promise<AgentStatus> {
  const childEnv = childEnvironment(env);
  const child = spawn(process.execPath, [selfPath, AGENT_SERVE_WORD], {
    detached: true,
    cwd: '/',
    env: childEnv,
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  const input = Buffer.concat([Buffer.from(JSON.stringify(settings) + '\n', 'utf8'), key]);
  child.stdin.end(input, () => input.fill(0));
  let said = '';
  const outcome = await new Promise<string | undefined>((resolve) => {
    const timer = setTimeout(() => resolve('it did not start in time'), START_TIMEOUT_MS);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      said += text;
      if (said.endsWith('ready\n')) {
        clearTimeout(timer);
        resolve(undefined);
      }
    });
    child.on('error', (error) => resolve(error.message));
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(said.trim() || 'it exited at once');
    });
  });
  child.stderr.destroy();
  child.unref();
  if (outcome !== undefined) {
    if (child.exitCode === null) child.kill('SIGTERM');
    throw storeUnavailable(`the unlock agent could not start: ${outcome}`);
  }
  const reply = await askAgent(settings.socketPath, { op: 'status' });
  if (!reply?.ok || !reply.status) throw storeUnavailable('the unlock agent started but does not answer on its socket');
  return reply.status;
}

/** Asks a running agent to lock and waits (bounded) until its socket is gone. Resolves to whether one was running. */
export async function stopAgent(socketPath: string): Promise<boolean> {
  const reply = await askAgent(socketPath, { op: 'lock' });
  if (!reply?.ok) return false;
  for (let i = 0; i < 40; i++) {
    if (!(await askAgent(socketPath, { op: 'status' }, 200))) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return true;
}
