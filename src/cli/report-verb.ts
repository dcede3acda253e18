/**
 * Tells bin/load-bundle.js which verb runs, so that its V8 code cache comes to hold the compiled
 * functions of every verb that has run: V8 puts in a cache only what was compiled when it was
 * written, and a cache written by `auth login` left `auth token` compiling its own path each time.
 */

/** Passed in by bin/load-bundle.js when it runs the bundle from a code cache; else undeclared. */
declare const __p42_ran_verb: ((verb: string) => void) | undefined;

/** Reports this run's verb ('auth token') to the loader; does nothing without one (tests, plain require). */
export function reportVerb(path: readonly string[]): void {
  if (typeof __p42_ran_verb === 'function') __p42_ran_verb(path.join(' '));
}
