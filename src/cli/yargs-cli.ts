/**
 * The full command line with yargs: help, suggestions, validation. Built from the command table;
 * loaded only for the verbs people type (FACTS.md: yargs costs 65–80 ms of start-up).
 */
import yargs, { type Argv } from 'yargs';
import type { Context } from '../context.ts';
import { usageError } from '../errors.ts';
import { VERSION } from '../version.ts';
import type { ParsedArgs } from './args.ts';
import { allCommands, findCommand, GLOBAL_OPTIONS, type CommandSpec, type OptionSpec } from './commands.ts';

function addOption(y: Argv, name: string, option: OptionSpec): Argv {
  return y.option(name, {
    type: option.type,
    describe: option.describe,
    ...(option.choices ? { choices: [...option.choices] } : {}),
    ...(option.multiple ? { array: true } : {}),
  });
}

/** yargs's key for a positional: a profile positional must not hide the --profile option in help. */
function positionalKey(name: string): string {
  return name === 'profile' ? 'name' : name;
}

function commandString(spec: CommandSpec, key = positionalKey): string {
  const last = spec.path[spec.path.length - 1] ?? '';
  const positionals = spec.positionals.map((p) =>
    p.required ? `<${key(p.name)}${p.variadic ? '..' : ''}>` : `[${key(p.name)}${p.variadic ? '..' : ''}]`,
  );
  return [last, ...positionals].join(' ');
}

/** The usage line of a command's help: `port42 exec [profile] -- <command> [args..]`. */
function usageLine(spec: CommandSpec): string {
  const [, ...positionals] = commandString(spec).split(' ');
  const rest = spec.takesRest ? (spec.path[0] === 'exec' ? ['--', '<command>', '[args..]'] : ['[--', '<program>', '[args..]]']) : [];
  return ['port42', ...spec.path, ...positionals, '[options]', ...rest].join(' ');
}

/** Each group's examples: the first example of each of its verbs, at most three. */
function groupExamples(specs: readonly CommandSpec[]): (readonly [string, string])[] {
  return specs.flatMap((s) => (s.examples ?? []).slice(0, 1)).slice(0, 3);
}

/** Examples for `port42 --help`. */
const TOP_EXAMPLES: readonly (readonly [string, string])[] = [
  ['printf %s "$KEY" | port42 auth login openai', 'store a key in the keychain'],
  ['port42 exec openai -- codex', 'run a tool with the key in its environment'],
  ['eval "$(port42 env openai)"', 'export the key into this shell'],
];

function toParsedArgs(spec: CommandSpec, argv: Record<string, unknown>): ParsedArgs {
  const positionals: string[] = [];
  for (const p of spec.positionals) {
    const value = argv[positionalKey(p.name)];
    if (Array.isArray(value)) positionals.push(...value.map(String));
    else if (value !== undefined) positionals.push(String(value));
  }
  const options: Record<string, unknown> = {};
  for (const name of [...Object.keys(GLOBAL_OPTIONS), ...Object.keys(spec.options)]) {
    if (argv[name] !== undefined) options[name] = argv[name];
  }
  const rest = Array.isArray(argv['--']) ? (argv['--'] as unknown[]).map(String) : [];
  return { positionals, options, rest };
}

/** Parses argv with yargs and runs the command; resolves to the exit code. */
export async function runWithYargs(ctx: Context, argv: readonly string[]): Promise<number> {
  let exitCode = 0;
  let ran = false;
  const all = allCommands();
  const groups = new Map<string, CommandSpec[]>();
  const top: CommandSpec[] = [];
  for (const spec of all) {
    if (spec.path.length > 1) groups.set(spec.path[0] ?? '', [...(groups.get(spec.path[0] ?? '') ?? []), spec]);
    else top.push(spec);
  }
  const register = (y: Argv, spec: CommandSpec): Argv =>
    y.command(
      commandString(spec),
      spec.describe,
      (sub) => {
        let built = sub.usage(usageLine(spec)).version(false);
        for (const [name, option] of Object.entries(GLOBAL_OPTIONS)) built = addOption(built, name, option);
        for (const [command, description] of spec.examples ?? []) built = built.example(command, description);
        for (const p of spec.positionals)
          built = built.positional(positionalKey(p.name), { describe: p.describe, type: 'string', ...(p.variadic ? { array: true } : {}) });
        for (const [name, option] of Object.entries(spec.options)) built = addOption(built, name, option);
        return built;
      },
      async (parsed) => {
        ran = true;
        if (!spec.takesRest && Array.isArray(parsed['--']) && parsed['--'].length > 0)
          throw usageError(`${spec.path.join(' ')} takes no arguments after --`);
        exitCode = await spec.run(ctx, toParsedArgs(spec, parsed as Record<string, unknown>));
      },
    );
  let y = yargs([...argv])
    .scriptName('port42')
    .usage('port42 — credentials for AI tools, in the style of git-credential\n\nUsage: port42 <command> [options]')
    .parserConfiguration({ 'populate--': true, 'boolean-negation': false })
    .version(VERSION)
    .strict()
    .recommendCommands()
    .demandCommand(1, 'name a command')
    .help()
    .alias('h', 'help')
    .wrap(Math.min(100, Number(ctx.env.COLUMNS) || 100))
    .fail((message, error) => {
      if (error) throw error;
      // The hint names the help of the command that was typed, when there is one (issue 10).
      const found = findCommand(argv);
      const help = found
        ? `port42 ${found.spec.path.join(' ')} --help`
        : groups.has(argv[0] ?? '')
          ? `port42 ${argv[0]} --help`
          : 'port42 --help';
      throw usageError(message ?? 'invalid command line', help);
    });
  for (const [name, option] of Object.entries(GLOBAL_OPTIONS)) y = addOption(y, name, option);
  for (const [group, specs] of groups) {
    y = y.command(group, `${group} commands`, (sub) => {
      let built = sub.usage(`port42 ${group} <command> [options]`).version(false);
      for (const [command, description] of groupExamples(specs)) built = built.example(command, description);
      for (const spec of specs) built = register(built, spec);
      return built.demandCommand(1, `name one of the ${group} commands: ${specs.map((s) => s.path[1]).join(', ')}`);
    });
  }
  for (const spec of top) y = register(y, spec);
  for (const [command, description] of TOP_EXAMPLES) y = y.example(command, description);
  // `port42` and `port42 auth` alone print their help and succeed (like gh).
  const bare = argv.length === 0 || (argv.length === 1 && groups.has(argv[0] ?? ''));
  const words = bare ? [...argv, '--help'] : [...argv];
  let output = '';
  await y.parseAsync(words, {}, (_error, _argv, text) => {
    output = text;
  });
  // Help and --version come back as text; errors were thrown by fail().
  if (!ran && output) ctx.stdout.write(output.endsWith('\n') ? output : output + '\n');
  return exitCode;
}
