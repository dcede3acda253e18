/** The executable's entry: builds the process Context, runs main, exits with its code. */
import { createProcessContext } from './process-context.ts';
import { main } from './main.ts';
import { AGENT_SERVE_WORD } from '../agent/protocol.ts';

// No top-level await: the hot bundle is CommonJS (scripts/build.mjs).
const argv = process.argv.slice(2);
if (argv[0] === AGENT_SERVE_WORD) {
  // `port42 unlock` started this process as the agent: it serves its socket until it is locked.
  void import('../agent/serve.ts').then((agent) => agent.serveAgent());
} else {
  void main(createProcessContext(), argv).then((code) => {
    // Output was written synchronously (src/cli/fd-output.ts). Exit explicitly: a keychain call that
    // timed out may still hold the event loop open.
    process.exit(code);
  });
}
