/**
 * The command table seen as a tree (groups like `auth` with their verbs, and top-level verbs), for
 * help and "did you mean" that know where a verb lives (`port42 token` → `port42 auth token`).
 */
import { allCommands, type CommandSpec } from '../commands.ts';
import { closest } from './suggest.ts';

/** Words that are not commands but that people type for a top-level flag. */
const FLAG_WORDS: Readonly<Record<string, string>> = { version: '--version', help: '--help' };

/** The groups (`auth`, `profile`, `model`…) with their commands. */
export function commandGroups(commands: readonly CommandSpec[] = allCommands()): Map<string, CommandSpec[]> {
  const groups = new Map<string, CommandSpec[]>();
  for (const spec of commands) {
    if (spec.path.length > 1) groups.set(spec.path[0]!, [...(groups.get(spec.path[0]!) ?? []), spec]);
  }
  return groups;
}

/** The top-level commands (`env`, `exec`, `doctor`…). */
export function topCommands(commands: readonly CommandSpec[] = allCommands()): CommandSpec[] {
  return commands.filter((spec) => spec.path.length === 1);
}

/**
 * What the user probably meant by `typed` (one or two words): a full command line such as
 * `port42 auth token` or `port42 --version`, or undefined when nothing is close.
 */
export function suggestCommand(typed: readonly string[], commands: readonly CommandSpec[] = allCommands()): string | undefined {
  const groups = commandGroups(commands);
  const full = commands.map((spec) => spec.path.join(' '));
  const last = typed[typed.length - 1] ?? '';
  const flag = FLAG_WORDS[last.toLowerCase()];
  if (flag && typed.length === 1) return `port42 ${flag}`;
  if (typed.length === 2 && groups.has(typed[0]!)) {
    const verbs = groups.get(typed[0]!)!.map((s) => s.path[1]!);
    const inGroup = closest(last, verbs);
    if (inGroup) return `port42 ${typed[0]} ${inGroup}`;
  }
  // The verb as it stands elsewhere in the tree (`use` → `profile use`, `status` → `auth status`).
  const exact = full.filter((path) => path.split(' ').pop() === last || path === last);
  if (exact.length > 0) return `port42 ${exact[0]}`;
  const words = new Map<string, string>();
  for (const path of full) {
    words.set(path.split(' ').pop()!, path);
    words.set(path.split(' ')[0]!, path.split(' ')[0]!);
  }
  const near = closest(last, words.keys());
  return near === undefined ? undefined : `port42 ${words.get(near)}`;
}
