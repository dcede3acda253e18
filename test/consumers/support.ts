/**
 * Shared set-up for the consumer tests: a sandbox whose PATH starts with bin/ (so `port42`,
 * `git-credential-port42` and `docker-credential-port42` resolve as they do after npm install),
 * and a config written into it.
 */
import { dirname } from 'node:path';
import { PORT42_BIN, createSandbox, type Sandbox } from '../support/cli.ts';

/** The directory holding port42 and its helper shims. */
export const BIN_DIR = dirname(PORT42_BIN);

/** A sandbox with bin/ first on PATH and `config` as its config file. */
export function consumerSandbox(config: string, extraEnv: Record<string, string> = {}): Sandbox {
  const sandbox = createSandbox(extraEnv);
  sandbox.env.PATH = `${BIN_DIR}:${sandbox.env.PATH}`;
  sandbox.writeConfig(config);
  return sandbox;
}

/** The secret the consumer tests hand out: it has the provider's prefix and characters that need care. */
export const SECRET = 'sk-test-Abc123_/+=x\'y"z';
