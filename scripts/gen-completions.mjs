// Regenerates completions/ from the command table, through the built CLI (run `npm run build`
// first): the same text `port42 completion <shell>` prints. test/completions checks they match.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const files = { bash: 'port42.bash', zsh: '_port42', fish: 'port42.fish', pwsh: 'port42.ps1' };
const bin = new URL('../bin/port42', import.meta.url).pathname;
for (const [shell, file] of Object.entries(files)) {
  const text = execFileSync(process.execPath, [bin, 'completion', shell], { encoding: 'utf8' });
  writeFileSync(new URL(`../completions/${file}`, import.meta.url), text);
  console.log(`completions/${file}`);
}
