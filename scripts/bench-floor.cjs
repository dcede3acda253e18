// The floor for `npm run bench`: the cheapest Node program that reads one port42 secret the way
// port42 does (the @napi-rs/keyring package, the Secret Service pinned, one synchronous write).
// Whatever port42 costs above this is port42's own code; below it only another keychain library
// could go. Usage: node scripts/bench-floor.cjs <account>   (the account is the profile name)
'use strict';
const { Entry } = require('@napi-rs/keyring');
const { writeSync } = require('node:fs');

const secret = new Entry('port42', process.argv[2], { linux: { store: 'secret-service' } }).getPassword();
writeSync(1, secret + '\n');
