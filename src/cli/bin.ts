/** The executable's entry: builds the process Context, runs main, exits with its code. */
import { createProcessContext } from './process-context.ts';
import { main } from './main.ts';

const argv = process.argv.slice(2);
const code = await main(createProcessContext(), argv);
// Exit explicitly: a keychain call that timed out may still hold the event loop open.
process.stdout.write('', () => process.exit(code));
