/**
 * The full command line with yargs: help, suggestions, validation. Built from the command table;
 * loaded only for the verbs people type (FACTS.md: yargs costs 65–80 ms of start-up).
 */
import yargs, { type Argv } from 'yargs';
import type { Context } from '../context.ts';
import { usageError } from '../errors.ts';
import { VERSION } from '../version.ts';
import type { ParsedArgs } from './args.ts';
import { COMMANDS, GLOBAL_OPTIONS, type CommandSpec, type OptionSpec } from './commands.ts';

function addOption(y: Argv, name: string, option: OptionSpec): Argv {
  return y.option(name, {
    type: option.type,
    describe: option.describe,
    ...(option.choices ? { choices: [...option.choices] } : {}),
    ...(option.multiple ? { array: true } : {}),
  });
}

function commandString(spec: CommandSpec): string {
  const last = spec.path[spec.path.length - 1] ?? '';
  const positionals = spec.positionals.map((p) =>
    p.required ? `<${p.name}${p.variadic ? '..' : ''}>` : `[${p.name}${p.variadic ? '..' : ''}]`,
  );
  return [last, ...positionals].join(' ');
}

function toParsedArgs(spec: CommandSpec, argv: Record<string, unknown>): ParsedArgs {
  const positionals: string[] = [];
  for (const p of spec.positionals) {
    const value = argv[p.name];
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
  const all = COMMANDS;
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
        let built = sub;
        for (const p of spec.positionals)
          built = built.positional(p.name, { describe: p.describe, type: 'string', ...(p.variadic ? { array: true } : {}) });
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
    .wrap(Math.min(100, Number(ctx.env.COLUMNS) || 100))
    .fail((message, error) => {
      if (error) throw error;
      throw usageError(message ?? 'invalid command line', 'port42 --help');
    });
  for (const [name, option] of Object.entries(GLOBAL_OPTIONS)) y = addOption(y, name, option);
  for (const [group, specs] of groups) {
    y = y.command(group, `${group} commands`, (sub) => {
      let built = sub;
      for (const spec of specs) built = register(built, spec);
      return built.demandCommand(1, `name a ${group} command: ${specs.map((s) => s.path[1]).join(', ')}`);
    });
  }
  for (const spec of top) y = register(y, spec);
  let output = '';
  await y.parseAsync([...argv], {}, (_error, _argv, text) => {
    output = text;
  });
  // Help and --version come back as text; errors were thrown by fail().
  if (!ran && output) ctx.stdout.write(output.endsWith('\n') ? output : output + '\n');
  return exitCode;
}
