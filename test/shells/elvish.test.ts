import { elvish } from '../../src/shells/elvish.ts';
import { describeRoundTrips } from './roundtrip.ts';

// The documented usage: eval (port42 env work --shell elvish | slurp).
describeRoundTrips(
  {
    label: 'elvish',
    shell: elvish,
    program: 'elvish',
    argv: (code, out) => ['-norc', '-c', `eval (slurp < '${code}'); e:env -0 > '${out}'`],
  },
  { seedOffset: 40 },
);
