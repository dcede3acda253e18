/**
 * Making untrusted text safe to print on a terminal. Text that port42 does not write itself — an
 * issuer's `error_description`, a device `verification_uri` or `user_code`, a provider's error
 * body, a profile name read from a repository's `.port42.toml` — may carry escape sequences that
 * move the cursor, rewrite earlier lines, set the window title or (on some terminals) answer back
 * into the input. Every such text goes through {@link escapeControl} before it is printed.
 */

/** C0 controls (U+0000–U+001F), DEL (U+007F) and C1 controls (U+0080–U+009F). */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
/** The same without the line feed, for whole messages whose own lines are port42's. */
const CONTROL_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e' };

function visible(char: string): string {
  return NAMED[char] ?? `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
}

/**
 * `text` with every C0/C1 control character (ESC, CR, LF, BEL, CSI U+009B, …) written as a visible
 * escape (`\e`, `\r`, `\n`, `\x07`, `\x9b`), so that it prints as one inert line. Pure; throws nothing.
 * With `keepNewlines`, line feeds stay (for a whole message whose lines port42 composed itself).
 */
export function escapeControl(text: string, options: { keepNewlines?: boolean } = {}): string {
  return text.replace(options.keepNewlines ? CONTROL_BUT_NEWLINE : CONTROL, visible);
}
