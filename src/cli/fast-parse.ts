/**
 * Parses a hot verb's argv like node's util.parseArgs (src/cli/long-options.ts), so that the verbs
 * other programs call never load yargs (FACTS.md: 65–80 ms). Anything it does not understand
 * (help, a typo) goes to yargs for a proper message.
 */
import { parseLongOptions, type LongOption } from './long-options.ts';
import type { ParsedArgs } from './args.ts';
import { GLOBAL_OPTIONS, type CommandSpec } from './commands.ts';

/** Parsed args, or undefined when yargs should handle this argv. */
export function fastParse(spec: CommandSpec, argv: readonly string[]): ParsedArgs | undefined {
  const dashDash = argv.indexOf('--');
  const own = dashDash === -1 ? argv : argv.slice(0, dashDash);
  const rest = dashDash === -1 ? [] : argv.slice(dashDash + 1);
  if (rest.length > 0 && !spec.takesRest) return undefined;
  const options: Record<string, LongOption> = {};
  for (const [name, option] of Object.entries({ ...GLOBAL_OPTIONS, ...spec.options })) {
    options[name] = { type: option.type === 'boolean' ? 'boolean' : 'string', ...(option.multiple ? { multiple: true } : {}) };
  }
  try {
    const parsed = parseLongOptions(own, options);
    if (!parsed) return undefined;
    const maxPositionals = spec.positionals.some((p) => p.variadic) ? Infinity : spec.positionals.length;
    if (parsed.positionals.length > maxPositionals) return undefined;
    const required = spec.positionals.filter((p) => p.required).length;
    if (parsed.positionals.length < required) return undefined; // yargs explains what is missing
    for (const [name, option] of Object.entries(spec.options)) {
      const value = parsed.values[name];
      if (option.choices && typeof value === 'string' && !option.choices.includes(value)) return undefined;
      if (option.type === 'number' && typeof value === 'string' && !Number.isFinite(Number(value))) return undefined;
    }
    return { positionals: parsed.positionals, options: parsed.values, rest };
  } catch {
    return undefined;
  }
}
