/**
 * port42's own words for a malformed command line: an unknown command or option with the closest
 * valid one, a value outside its choices, a missing or extra argument, a command without `--`.
 * The fast parser sends anything it does not accept here before yargs is ever loaded.
 */
import { usageError, type Port42Error } from '../../errors.ts';
import { quotePosixWord } from '../../shells/sh.ts';
import { GLOBAL_OPTIONS, type CommandSpec, type OptionSpec } from '../commands.ts';
import { commandGroups, suggestCommand, topCommands } from './command-tree.ts';
import { looksLikeSecret } from './redact.ts';
import { keyInArgumentsError } from './render-error.ts';
import { didYouMean } from './suggest.ts';

function unknownCommand(typed: readonly string[]): Port42Error {
  const suggestion = suggestCommand(typed);
  const help = typed.length === 2 ? `port42 ${typed[0]} --help` : 'port42 --help';
  const what = `unknown command "${typed.join(' ')}"`;
  if (!suggestion) return usageError(what, help);
  return usageError(`${what}; did you mean \`${suggestion}\`?`, suggestion.includes(' --') ? suggestion : `${suggestion} --help`);
}

/** `unknown shell "zhs"; did you mean zsh?`, or the list of choices when nothing is close. */
export function badChoice(what: string, value: string, choices: readonly string[], help: string): Port42Error {
  const hint = didYouMean(value, choices);
  return usageError(`unknown ${what} "${value}"${hint || `: use one of ${choices.join(', ')}`}`, help);
}

function missingDashDash(spec: CommandSpec, tokens: readonly string[], commandStart: number): Port42Error {
  const before = tokens.slice(0, commandStart).map(quotePosixWord);
  const command = tokens.slice(commandStart).map(quotePosixWord);
  return usageError(
    `put -- before the command, so that its options are not taken for port42's`,
    ['port42', ...spec.path, ...before, '--', ...command].join(' '),
  );
}

function checkValue(name: string, option: OptionSpec, value: string, help: string): Port42Error | undefined {
  if (option.choices && !option.choices.includes(value)) return badChoice(name, value, option.choices, help);
  if (option.type === 'number' && (value.trim() === '' || !Number.isFinite(Number(value))))
    return usageError(`--${name} takes a number, not "${value}"`, help);
  return undefined;
}

/** The first problem with this command's own words, or undefined when port42 sees none. */
function checkCommand(spec: CommandSpec, tokens: readonly string[], rest: readonly string[]): Port42Error | undefined {
  const help = `port42 ${spec.path.join(' ')} --help`;
  const options: Record<string, OptionSpec> = { ...GLOBAL_OPTIONS, ...spec.options };
  const max = spec.positionals.some((p) => p.variadic) ? Infinity : spec.positionals.length;
  const positionals: string[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k]!;
    if (token.startsWith('-') && token !== '-') {
      const [name = '', inline] = token.startsWith('--')
        ? [token.slice(2).split('=')[0], token.includes('=') ? token.slice(token.indexOf('=') + 1) : undefined]
        : [token.slice(1)];
      const option = token.startsWith('--') ? options[name] : undefined;
      if (!option) {
        if (spec.takesRest && positionals.length > 0) return missingDashDash(spec, tokens, k - 1);
        const shown = token.split('=')[0]!;
        return usageError(
          `unknown option "${shown}" for port42 ${spec.path.join(' ')}${didYouMean(
            shown,
            Object.keys(options).map((o) => `--${o}`),
          )}`,
          help,
        );
      }
      if (option.type === 'boolean') {
        if (inline !== undefined) return usageError(`--${name} takes no value`, help);
        continue;
      }
      const value = inline ?? tokens[++k];
      if (value === undefined || (inline === undefined && value.startsWith('--'))) return usageError(`--${name} needs a value`, help);
      const problem = checkValue(name, option, value, help);
      if (problem) return problem;
      continue;
    }
    if (positionals.length >= max) {
      const login = spec.path[0] === 'auth' && (spec.path[1] === 'login' || spec.path[1] === 'rotate') ? spec.path[1] : undefined;
      if (login && looksLikeSecret(token)) return keyInArgumentsError(login, positionals[0]);
      if (spec.takesRest) return missingDashDash(spec, tokens, k);
      const names = spec.positionals.map((p) => p.name).join(', ');
      return usageError(
        `port42 ${spec.path.join(' ')} takes ${max === 0 ? 'no arguments' : `at most ${max} (${names})`}; "${token}" is one too many`,
        help,
      );
    }
    const positional = spec.positionals[Math.min(positionals.length, spec.positionals.length - 1)];
    if (positional?.choices && !positional.choices.includes(token)) return badChoice(positional.name, token, positional.choices, help);
    positionals.push(token);
  }
  const missing = spec.positionals.filter((p) => p.required)[positionals.length];
  if (missing) return usageError(`port42 ${spec.path.join(' ')} needs <${missing.name}> (${missing.describe})`, help);
  if (rest.length > 0 && !spec.takesRest) return usageError(`port42 ${spec.path.join(' ')} takes no command after --`, help);
  return undefined;
}

/**
 * The usage error a malformed command line deserves, or undefined when port42 finds nothing wrong
 * (nothing typed, a group alone, or something only yargs can judge). With `pathOnly`, only the
 * command words are checked (help was asked for).
 */
export function diagnose(argv: readonly string[], pathOnly = false): Port42Error | undefined {
  const dashDash = argv.indexOf('--');
  const own = dashDash === -1 ? argv : argv.slice(0, dashDash);
  const rest = dashDash === -1 ? [] : argv.slice(dashDash + 1);
  let i = 0;
  while (i < own.length && own[i]!.startsWith('-')) {
    const word = own[i]!;
    if (word === '--profile') i += 2;
    else if (word.startsWith('--profile=') || ['--help', '-h', '--version'].includes(word)) i += 1;
    else
      return usageError(`unknown option "${word.split('=')[0]}"${didYouMean(word, ['--profile', '--help', '--version'])}`, 'port42 --help');
  }
  const words = own.slice(i);
  if (words.length === 0) return undefined;
  if (words.includes('--version')) return usageError('--version belongs to port42 itself, not to a command', 'port42 --version');
  const groups = commandGroups();
  const group = groups.get(words[0]!);
  let spec: CommandSpec | undefined;
  let consumed = 1;
  if (group) {
    if (words.length === 1 || ['-h', '--help'].includes(words[1]!)) return undefined;
    // `port42 auth --profile x token`: the global option may sit between group and verb.
    if (words[1] === '--profile' || words[1]!.startsWith('--profile=')) {
      const skip = words[1] === '--profile' ? 2 : 1;
      return diagnose([words[0]!, ...words.slice(1 + skip), ...(dashDash === -1 ? [] : argv.slice(dashDash))], pathOnly);
    }
    if (words[1]!.startsWith('-')) {
      const shown = words[1]!.split('=')[0]!;
      return usageError(`unknown option "${shown}" for port42 ${words[0]}: name a command first`, `port42 ${words[0]} --help`);
    }
    spec = group.find((s) => s.path[1] === words[1]);
    if (!spec) return unknownCommand(words.slice(0, 2));
    consumed = 2;
  } else {
    spec = topCommands().find((s) => s.path[0] === words[0]);
    if (!spec) return unknownCommand(words.slice(0, 1));
  }
  return pathOnly ? undefined : checkCommand(spec, words.slice(consumed), rest);
}
