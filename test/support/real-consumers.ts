/**
 * Locates the real AI consumer programs (Claude Code, Codex, gemini-cli) and the openai npm SDK.
 * They are not project dependencies: `.ci/run` installs them into `<repo>/.consumers` with
 *   npm install --prefix .consumers --no-audit --no-fund @anthropic-ai/claude-code@2.1.328 \
 *     @openai/codex@0.169.0 @google/gemini-cli@0.61.0 openai@6.49.0
 * and PORT42_CONSUMERS_DIR points elsewhere when set. A missing one skips with a reason locally
 * and fails under PORT42_REQUIRE_REAL=1 (see real-component.ts).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { realComponentAvailable } from './real-component.ts';

/** The directory holding the consumers' node_modules. */
export const CONSUMERS_DIR = resolve(process.env.PORT42_CONSUMERS_DIR ?? join(import.meta.dirname, '../../.consumers'));

/** The npm install line that provides them (also in .ci/run). */
export const CONSUMERS_INSTALL =
  'npm install --prefix .consumers --no-audit --no-fund @anthropic-ai/claude-code@2.1.328 @openai/codex@0.169.0 @google/gemini-cli@0.61.0 openai@6.49.0';

/** The consumers this module knows, by the name tests use. */
/** The consumers' own sandboxing: no updates, no telemetry, nothing but the fake on the network. */
export const QUIET_CONSUMER_ENV: Readonly<Record<string, string>> = {
  DISABLE_AUTOUPDATER: '1',
  DISABLE_TELEMETRY: '1',
  DISABLE_ERROR_REPORTING: '1',
  CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
  CODEX_DISABLE_UPDATE_CHECK: '1',
  GEMINI_CLI_NO_RELAUNCH: 'true',
  NO_COLOR: '1',
};

export type ConsumerName = 'claude' | 'codex' | 'gemini' | 'openai-sdk';

const LOCATIONS: Record<ConsumerName, string> = {
  claude: 'node_modules/.bin/claude',
  codex: 'node_modules/.bin/codex',
  gemini: 'node_modules/.bin/gemini',
  'openai-sdk': 'node_modules/openai/package.json',
};

/** Absolute path of the consumer's executable (for the SDK: its package directory), or undefined. */
export function consumerPath(name: ConsumerName): string | undefined {
  const path = join(CONSUMERS_DIR, LOCATIONS[name]);
  if (!existsSync(path)) return undefined;
  return name === 'openai-sdk' ? join(CONSUMERS_DIR, 'node_modules/openai') : path;
}

/**
 * True when every named consumer is installed; otherwise prints why and returns false (or throws
 * under PORT42_REQUIRE_REAL=1).
 */
export function consumersAvailable(component: string, ...names: ConsumerName[]): boolean {
  const missing = names.filter((n) => consumerPath(n) === undefined);
  const reason = missing.length ? `not installed in ${CONSUMERS_DIR}: ${missing.join(', ')} (install: ${CONSUMERS_INSTALL})` : undefined;
  return realComponentAvailable(component, reason);
}
