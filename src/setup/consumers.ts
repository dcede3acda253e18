/** The consumers `port42 setup` wires, by id. */
import { claudeCode } from './claude-code.ts';
import { codex } from './codex.ts';
import { docker } from './docker.ts';
import { gemini } from './gemini.ts';
import { gitConsumer } from './git.ts';
import { shellConsumer } from './shell.ts';
import type { Consumer, ConsumerId } from './types.ts';

/** Every consumer, keyed by the id users type. */
export const CONSUMERS: Readonly<Record<ConsumerId, Consumer>> = {
  'claude-code': claudeCode,
  codex,
  gemini,
  git: gitConsumer,
  docker,
  shell: shellConsumer,
};
