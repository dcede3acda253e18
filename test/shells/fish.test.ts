import { fish } from '../../src/shells/fish.ts';
import { describeRoundTrips } from './roundtrip.ts';

// The documented usage: port42 env work --shell fish | source.
describeRoundTrips(
  {
    label: 'fish',
    shell: fish,
    program: 'fish',
    argv: (code, out) => ['--no-config', '-c', `cat '${code}' | source; env -0 > '${out}'`],
  },
  { seedOffset: 20 },
);
