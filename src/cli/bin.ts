/** The executable's entry: builds the process Context, runs main, exits with its code. */
import { createProcessContext } from './process-context.ts';
import { main } from './main.ts';

// No top-level await: the hot bundle is CommonJS (scripts/build.mjs).
void main(createProcessContext(), process.argv.slice(2)).then((code) => {
  // Output was written synchronously (src/cli/fd-output.ts). Exit explicitly: a keychain call that
  // timed out may still hold the event loop open.
  process.exit(code);
});
