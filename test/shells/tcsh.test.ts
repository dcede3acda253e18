import { readFileSync } from 'node:fs';
import { tcsh } from '../../src/shells/tcsh.ts';
import { describeRoundTrips } from './roundtrip.ts';

// Outside a UTF-8 locale tcsh drops bytes of a non-ASCII character that straddles a 4 KiB read,
// both in command substitution and on piped input, whatever the quoting; `source` is unaffected.
const BUFFER_BUG = 'tcsh mangles non-ASCII at 4 KiB read boundaries outside a UTF-8 locale';

// The documented usage: eval "`port42 env work --shell tcsh`".
describeRoundTrips(
  {
    label: 'tcsh eval',
    shell: tcsh,
    program: 'tcsh',
    argv: (code, out) => ['-f', '-c', `eval "\`cat '${code}'\`"; env -0 > '${out}'`],
  },
  { seedOffset: 30, asciiOnlyInC: BUFFER_BUG },
);

// The same code saved to a file and sourced.
describeRoundTrips(
  {
    label: 'tcsh source',
    shell: tcsh,
    program: 'tcsh',
    argv: (code, out) => ['-f', '-c', `source '${code}'; env -0 > '${out}'`],
  },
  { seedOffset: 31 },
);

// backslash_quote changes what \ means inside single quotes; the code must not depend on it.
describeRoundTrips(
  {
    label: 'tcsh with backslash_quote',
    shell: tcsh,
    program: 'tcsh',
    argv: (code, out) => ['-f', '-c', `set backslash_quote; eval "\`cat '${code}'\`"; env -0 > '${out}'`],
  },
  { seedOffset: 32, asciiOnlyInC: BUFFER_BUG },
);

// Pasted at an interactive prompt, where history substitution is on.
describeRoundTrips(
  {
    label: 'interactive tcsh',
    shell: tcsh,
    program: 'tcsh',
    argv: () => ['-f', '-i'],
    stdin: (code, out) => `true\n${readFileSync(code, 'utf8')}env -0 > '${out}'\nexit\n`,
  },
  { seedOffset: 33, asciiOnlyInC: BUFFER_BUG },
);
