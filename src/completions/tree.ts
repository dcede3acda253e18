/**
 * The command table (src/cli/commands.ts) as a tree the completion scripts are generated from:
 * the root and each group list their subcommands; each command lists its options, what their
 * values complete to, and what each positional completes to. Pure.
 */
import { GLOBAL_OPTIONS, type CommandSpec, type OptionSpec, type PositionalSpec } from '../cli/commands.ts';

/** What a word completes to: fixed words, profile names (asked of `port42 profile list`), or nothing. */
export type Completes = { readonly kind: 'words'; readonly words: readonly string[] } | { readonly kind: 'profiles' } | { readonly kind: 'nothing' };

/** One `--option`. */
export interface CompletionOption {
  readonly name: string;
  readonly describe: string;
  /** undefined for a flag; otherwise what its value completes to. */
  readonly value?: Completes;
}

/** The root (path []), a group such as `auth`, or a runnable command. */
export interface CompletionNode {
  readonly path: readonly string[];
  readonly subcommands: readonly { readonly name: string; readonly describe: string }[];
  readonly options: readonly CompletionOption[];
  /** One per positional; the last repeats when `variadic`. */
  readonly positionals: readonly Completes[];
  readonly variadic: boolean;
  /** Takes a command after `--` (exec). */
  readonly takesRest: boolean;
}

const NOTHING: Completes = { kind: 'nothing' };
const HELP: CompletionOption = { name: 'help', describe: 'show help' };

function optionValue(name: string, option: OptionSpec): Completes | undefined {
  if (option.type === 'boolean') return undefined;
  if (name === 'profile') return { kind: 'profiles' };
  return option.choices ? { kind: 'words', words: option.choices } : NOTHING;
}

function positionalValue(positional: PositionalSpec): Completes {
  if (positional.completeProfiles) return { kind: 'profiles' };
  return positional.choices ? { kind: 'words', words: positional.choices } : NOTHING;
}

function commandNode(spec: CommandSpec): CompletionNode {
  const options = Object.entries({ ...GLOBAL_OPTIONS, ...spec.options }).map(([name, option]): CompletionOption => {
    const value = optionValue(name, option);
    return { name, describe: option.describe, ...(value ? { value } : {}) };
  });
  return {
    path: spec.path,
    subcommands: [],
    options: [...options, HELP],
    positionals: spec.positionals.map(positionalValue),
    variadic: spec.positionals.at(-1)?.variadic === true,
    takesRest: spec.takesRest === true,
  };
}

function groupNode(path: readonly string[], subcommands: CompletionNode['subcommands']): CompletionNode {
  const isRoot = path.length === 0;
  const options = isRoot ? [HELP, { name: 'version', describe: 'show the version' }] : [HELP];
  return { path, subcommands, options, positionals: [], variadic: false, takesRest: false };
}

/** Every node, root first, in command-table order. Throws if a command path is both a group and a command. */
export function completionTree(commands: readonly CommandSpec[]): CompletionNode[] {
  const top: { name: string; describe: string }[] = [];
  const groups = new Map<string, { name: string; describe: string }[]>();
  for (const spec of commands) {
    const [first = '', second] = spec.path;
    if (second === undefined) {
      top.push({ name: first, describe: spec.describe });
      continue;
    }
    if (!groups.has(first)) {
      groups.set(first, []);
      top.push({ name: first, describe: '' });
    }
    groups.get(first)?.push({ name: second, describe: spec.describe });
  }
  for (const entry of top) {
    const subs = groups.get(entry.name);
    if (subs) entry.describe = `${entry.name} commands: ${subs.map((s) => s.name).join(', ')}`;
  }
  const nodes: CompletionNode[] = [groupNode([], top)];
  for (const [group, subs] of groups) {
    if (commands.some((c) => c.path.length === 1 && c.path[0] === group)) throw new Error(`"${group}" is both a command and a group`);
    nodes.push(groupNode([group], subs));
  }
  for (const spec of commands) nodes.push(commandNode(spec));
  return nodes;
}

/** A node's path as the scripts key it: words joined by one space ('' for the root). */
export function nodeKey(node: Pick<CompletionNode, 'path'>): string {
  return node.path.join(' ');
}
