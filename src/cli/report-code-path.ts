/**
 * Tells the loader in bin/port42 which code paths a run takes (its command, store, credential
 * source), so that its V8 code cache comes to hold the compiled functions of every path that has
 * run: V8 puts in a cache only what was compiled when it was written, and a cache written by
 * `auth login` left every `auth token` compiling its own path (~1 ms). The command also names the
 * cache file: each command keeps its own.
 */

/** Passed in by bin/port42 when it runs the bundle from a code cache; else undeclared. */
declare const __p42_code_path: ((name: string, isCommand?: boolean) => void) | undefined;

/** Reports a path this run takes ('store keychain', 'source env'); a no-op without the loader (tests, plain require). */
export function reportCodePath(name: string): void {
  if (typeof __p42_code_path === 'function') __p42_code_path(name);
}

/** Reports the command this run is ('auth token'); its code cache is kept under that name. */
export function reportCommand(path: string): void {
  if (typeof __p42_code_path === 'function') __p42_code_path(path, true);
}
