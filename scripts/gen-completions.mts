// Regenerates completions/ from the command table (src/cli/commands.ts), straight from the
// sources: `npx tsx scripts/gen-completions.mts`. The scripts are the text `port42 completion
// <shell>` prints; test/completions fails until they are regenerated after a command changes.
import { writeFileSync } from 'node:fs';
import { allCommands } from '../src/cli/commands.ts';
import { COMPLETION_SHELLS, completionFile, renderCompletion } from '../src/completions/render.ts';

for (const shell of COMPLETION_SHELLS) {
  const file = new URL(`../completions/${completionFile(shell)}`, import.meta.url);
  writeFileSync(file, renderCompletion(shell, allCommands()));
  console.log(`completions/${completionFile(shell)}`);
}
