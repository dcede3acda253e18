/**
 * The consumer part of `port42 doctor`: for each consumer found on PATH (and the shell in
 * $SHELL), whether it asks port42, and the `port42 setup` command that wires it.
 */
import type { Context } from '../context.ts';
import type { Config } from '../config/types.ts';
import { Port42Error, type ErrorCode } from '../errors.ts';
import { CONSUMERS } from './consumers.ts';
import { findOnPath } from './on-path.ts';

/** One line of doctor's report (the shape of doctor's own checks). */
export interface ConsumerCheck {
  readonly mark: '✓' | '✗' | '-';
  readonly text: string;
  readonly run?: string;
  readonly fix?: string;
  readonly code?: ErrorCode;
}

/**
 * Checks every installed consumer's wiring and, given the config, that the profile it asks for
 * exists. Never throws for a consumer's own trouble.
 */
export async function checkConsumers(ctx: Context, config?: Config): Promise<ConsumerCheck[]> {
  const checks: ConsumerCheck[] = [];
  let anyWired = false;
  for (const consumer of Object.values(CONSUMERS)) {
    const installed = consumer.id === 'shell' ? /\/(bash|zsh|fish)$/.test(ctx.env.SHELL ?? '') : await findOnPath(ctx, consumer.program);
    if (!installed) continue;
    try {
      const { wired, detail, profile } = await consumer.wiring(ctx);
      anyWired ||= wired;
      if (profile && config && !config.profiles.has(profile)) {
        checks.push({
          mark: '✗',
          text: `${consumer.id}: asks port42 for profile "${profile}", which ${config.path} does not define`,
          code: 'config',
          run: `port42 setup ${consumer.id} <profile>   # profiles: ${[...config.profiles.keys()].join(', ')}`,
        });
        continue;
      }
      if (wired) checks.push({ mark: '✓', text: `${consumer.id}: asks port42 (${detail})` });
      // git and docker ask port42 only for match URLs: without any there is nothing to wire.
      else if (consumer.profiles.kind === 'matching' && config && ![...config.profiles.values()].some((p) => p.match.length > 0))
        checks.push({ mark: '-', text: `${consumer.id}: not wired to port42, and no profile has match URLs for it to ask about` });
      else checks.push({ mark: '-', text: `${consumer.id}: not wired to port42 (${detail})`, run: `port42 setup ${consumer.id}` });
    } catch (error) {
      if (!(error instanceof Port42Error)) throw error;
      checks.push({ mark: '✗', text: `${consumer.id}: ${error.message}`, code: error.code, ...(error.hint ? { run: error.hint } : {}) });
    }
  }
  // Consumers run `port42` by name (apiKeyHelper, auth.command, git's !port42 helper).
  if (anyWired && !(await findOnPath(ctx, 'port42')))
    checks.push({
      mark: '✗',
      text: 'port42 is not on PATH, but the consumers above call it by name',
      code: 'failure',
      fix: 'npm install -g port42 (or npm link in its checkout)',
    });
  return checks;
}
