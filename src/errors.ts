/**
 * The one error type port42 raises. `code` is stable and maps to an exit code in the CLI entry;
 * `hint` is the next command to run, printed as `  run: <hint>`.
 */
import { escapeControl } from './terminal/escape.ts';

const KEEP_LINES = { keepNewlines: true } as const;

export type ErrorCode =
  | 'failure' // 1
  | 'usage' // 2
  | 'config' // 3
  | 'login-needed' // 4: login needed, credential missing or expired
  | 'store-unavailable' // 5: secret store unavailable or timed out
  | 'cancelled'; // 130

/** Exit code for each error code (PRODUCT.md "Exit codes"). */
export const EXIT_CODES: Readonly<Record<ErrorCode, number>> = {
  failure: 1,
  usage: 2,
  config: 3,
  'login-needed': 4,
  'store-unavailable': 5,
  cancelled: 130,
};

/** Marks every Port42Error, whichever copy of this module created it. */
const BRAND = Symbol.for('port42.error');

/** An expected failure with a message for people, never containing a secret. */
export class Port42Error extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  /** What the user typed and the valid choices: the error path adds "did you mean" (src/cli/mistakes/). */
  readonly suggest: { readonly typed: string; readonly choices: readonly string[] } | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { hint?: string | undefined; cause?: unknown; suggest?: Port42Error['suggest'] } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'Port42Error';
    this.code = code;
    this.hint = options.hint;
    this.suggest = options.suggest;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /**
   * `instanceof` by brand, not by prototype: the built executable has two copies of this module
   * (the hot entry bundle and the lazily loaded one), and an error crosses between them.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}

/** Shorthand constructors, so call sites read as what went wrong. */
export const usageError = (message: string, hint?: string): Port42Error => new Port42Error('usage', message, { hint });
export const configError = (message: string, hint?: string, cause?: unknown): Port42Error =>
  new Port42Error('config', message, { hint, cause });
export const loginNeeded = (message: string, hint?: string): Port42Error => new Port42Error('login-needed', message, { hint });
export const storeUnavailable = (message: string, hint?: string, cause?: unknown): Port42Error =>
  new Port42Error('store-unavailable', message, { hint, cause });
export const failure = (message: string, hint?: string, cause?: unknown): Port42Error =>
  new Port42Error('failure', message, { hint, cause });

/**
 * Formats an error for stderr: `port42: message` then `  run: hint`; causes only when debugging.
 * Control characters are escaped (src/terminal/escape.ts): a message may quote a server or a file.
 */
export function formatError(error: unknown, debug: boolean): string {
  const lines: string[] = [];
  if (error instanceof Port42Error) {
    lines.push(`port42: ${escapeControl(error.message, KEEP_LINES)}`);
    if (error.hint) lines.push(`  run: ${escapeControl(error.hint, KEEP_LINES)}`);
  } else {
    lines.push(`port42: unexpected error: ${escapeControl(error instanceof Error ? error.message : String(error), KEEP_LINES)}`);
    lines.push('  run: PORT42_DEBUG=1 port42 … to see the details, and report it');
  }
  if (debug) {
    let cause: unknown = error;
    while (cause instanceof Error) {
      lines.push(`  [debug] ${cause.stack ?? cause.message}`);
      cause = cause.cause;
    }
    if (cause !== undefined && !(cause instanceof Error)) lines.push(`  [debug] cause: ${String(cause)}`);
  }
  return lines.join('\n') + '\n';
}

/** Exit code for any thrown value: Port42Error by its code, anything else 1. */
export function exitCodeOf(error: unknown): number {
  return error instanceof Port42Error ? EXIT_CODES[error.code] : 1;
}
