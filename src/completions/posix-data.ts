/**
 * The command tree as shell functions shared by the bash and zsh scripts (both read this `case`
 * syntax). Each prints a space-separated word list, `@profiles` (complete profile names), or
 * nothing:
 *   _port42_subs NODE            subcommands of the root ('') or a group
 *   _port42_opts NODE            every --option of a node
 *   _port42_valopts NODE         the options that take a value
 *   _port42_optval 'NODE|--opt'  what that option's value completes to
 *   _port42_pos 'NODE|N'         what positional N (from 0) completes to
 *   _port42_rest NODE            "1" when the node takes a command after --
 */
import { quotePosix } from '../shells/sh.ts';
import { nodeKey, type Completes, type CompletionNode } from './tree.ts';

function spec(completes: Completes | undefined): string {
  if (completes === undefined || completes.kind === 'nothing') return '';
  return completes.kind === 'profiles' ? '@profiles' : completes.words.join(' ');
}

function caseFunction(name: string, arms: readonly (readonly [pattern: string, value: string])[]): string {
  const body = arms.filter(([, value]) => value !== '').map(([pattern, value]) => `    ${pattern}) printf '%s\\n' ${quotePosix(value)} ;;\n`);
  return `${name}() {\n  case $1 in\n${body.join('')}  esac\n}\n`;
}

/** The data functions for every node of the tree. */
export function posixDataFunctions(nodes: readonly CompletionNode[]): string {
  const q = (key: string): string => quotePosix(key);
  const positionalArms = nodes.flatMap((node) =>
    node.positionals.map((completes, i): [string, string] => {
      const last = i === node.positionals.length - 1;
      // A variadic last positional answers for every index from its own on.
      const pattern = last && node.variadic ? `${q(`${nodeKey(node)}|`)}*` : q(`${nodeKey(node)}|${i}`);
      return [pattern, spec(completes)];
    }),
  );
  return [
    caseFunction('_port42_subs', nodes.map((n) => [q(nodeKey(n)), n.subcommands.map((s) => s.name).join(' ')])),
    caseFunction('_port42_opts', nodes.map((n) => [q(nodeKey(n)), n.options.map((o) => `--${o.name}`).join(' ')])),
    caseFunction('_port42_valopts', nodes.map((n) => [q(nodeKey(n)), n.options.filter((o) => o.value).map((o) => `--${o.name}`).join(' ')])),
    caseFunction('_port42_optval', nodes.flatMap((n) => n.options.map((o): [string, string] => [q(`${nodeKey(n)}|--${o.name}`), spec(o.value)]))),
    caseFunction('_port42_pos', positionalArms),
    caseFunction('_port42_rest', nodes.map((n) => [q(nodeKey(n)), n.takesRest ? '1' : ''])),
  ].join('\n');
}
