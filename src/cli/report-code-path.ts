/**
 * Tells bin/load-bundle.js which code paths a run takes (its verb, store, credential source), so
 * that its V8 code cache comes to hold the compiled functions of every path that has run: V8 puts
 * in a cache only what was compiled when it was written, and a cache written by `auth login` left
 * every `auth token` compiling its own path (~1 ms).
 */

/** Passed in by bin/load-bundle.js when it runs the bundle from a code cache; else undeclared. */
declare const __p42_code_path: ((name: string) => void) | undefined;

/** Reports a path this run takes ('auth token', 'store keychain'); a no-op without the loader (tests, plain require). */
export function reportCodePath(name: string): void {
  if (typeof __p42_code_path === 'function') __p42_code_path(name);
}
