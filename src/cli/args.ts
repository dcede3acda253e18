/** Parsed command-line arguments, the same shape from the fast parser and from yargs. */
export interface ParsedArgs {
  /** Positionals after the command path (e.g. the profile name). */
  readonly positionals: readonly string[];
  readonly options: Readonly<Record<string, unknown>>;
  /** Everything after `--` (exec's command). */
  readonly rest: readonly string[];
}

/** A string option, or undefined. */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.options[name];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** A boolean option (absent is false). */
export function booleanOption(args: ParsedArgs, name: string): boolean {
  return args.options[name] === true;
}

/** A number option, or undefined. Throws nothing: the command validates the range. */
export function numberOption(args: ParsedArgs, name: string): number | undefined {
  const value = args.options[name];
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return undefined;
}
