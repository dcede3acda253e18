import { readFileSync } from 'node:fs';
import { bash } from '../../src/shells/bash.ts';
import { ksh } from '../../src/shells/ksh.ts';
import { sh } from '../../src/shells/sh.ts';
import type { Shell } from '../../src/shells/types.ts';
import { zsh } from '../../src/shells/zsh.ts';
import { describeRoundTrips, type Evaluator } from './roundtrip.ts';

// The documented usage: eval "$(port42 env work --shell <name>)".
const evalForm = (label: string, shell: Shell, program: string, ...flags: string[]): Evaluator => ({
  label,
  shell,
  program,
  argv: (code, out) => [...flags, '-c', `eval "$(cat '${code}')"; env -0 > '${out}'`],
});

// Pasting the code at an interactive prompt, where history expansion of ! is on. bash gets
// --noediting because readline would take pasted tabs as completion, whatever the quoting.
const pasted = (label: string, shell: Shell, program: string, ...flags: string[]): Evaluator => ({
  label,
  shell,
  program,
  argv: () => flags,
  stdin: (code, out) => `true\n${readFileSync(code, 'utf8')}env -0 > '${out}'\nexit\n`,
});

describeRoundTrips(evalForm('dash', sh, 'dash'), { seedOffset: 1 });
describeRoundTrips(evalForm('busybox sh', sh, 'busybox', 'sh'), { seedOffset: 2 });
describeRoundTrips(evalForm('yash', sh, 'yash'), {
  seedOffset: 3,
  asciiOnlyInC: 'yash cannot read non-ASCII bytes at all outside a UTF-8 locale',
});
describeRoundTrips(evalForm('bash', bash, 'bash'), { seedOffset: 4 });
describeRoundTrips(evalForm('zsh', zsh, 'zsh', '-f'), { seedOffset: 5 });
describeRoundTrips(evalForm('zsh with rc_quotes', zsh, 'zsh', '-f', '-o', 'rcquotes'), { seedOffset: 6 });
describeRoundTrips(evalForm('mksh', ksh, 'mksh'), { seedOffset: 7 });
describeRoundTrips(evalForm('ksh93', ksh, 'ksh'), { seedOffset: 8 });
describeRoundTrips(pasted('interactive bash', bash, 'bash', '--norc', '--noprofile', '--noediting', '-i'), { seedOffset: 9 });
describeRoundTrips(pasted('interactive zsh', zsh, 'zsh', '-f', '-i'), { seedOffset: 10 });
