/**
 * The part of node's util.parseArgs that the hot verbs use — long options only, strict,
 * positionals allowed — in a few lines: node compiles its parse_args module on the first call,
 * ~0.5 ms of every start (FACTS.md). Where util.parseArgs (strict) would throw, this returns
 * undefined, and the caller hands the command line to the slow path for a proper message.
 */

/** A declared option: util.parseArgs's `type` and `multiple`. */
export interface LongOption {
  readonly type: 'string' | 'boolean';
  readonly multiple?: boolean;
}

/** Option values by name (arrays for `multiple`) and the positionals, as util.parseArgs returns them. */
export interface LongOptionsResult {
  readonly values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  readonly positionals: string[];
}

/** Parses `args` like util.parseArgs({ options, allowPositionals: true, strict: true }), or undefined. */
export function parseLongOptions(args: readonly string[], options: Readonly<Record<string, LongOption>>): LongOptionsResult | undefined {
  const values: Record<string, string | boolean | (string | boolean)[]> = Object.create(null);
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    if (!arg.startsWith('--')) return undefined; // short options: none are declared
    const equals = arg.indexOf('=');
    const name = equals === -1 ? arg.slice(2) : arg.slice(2, equals);
    const option = Object.hasOwn(options, name) ? options[name] : undefined;
    if (!option) return undefined;
    let value: string | boolean;
    if (option.type === 'boolean') {
      if (equals !== -1) return undefined; // a boolean takes no value
      value = true;
    } else if (equals !== -1) {
      value = arg.slice(equals + 1);
    } else {
      const next = args[i + 1];
      // A missing value, or one that looks like an option, is an error in strict mode.
      if (next === undefined || (next.length > 1 && next.startsWith('-'))) return undefined;
      value = next;
      i++;
    }
    if (option.multiple) ((values[name] ??= []) as (string | boolean)[]).push(value);
    else values[name] = value;
  }
  return { values, positionals };
}
