/**
 * node:fs and node:util for the hot path, through require. An ESM `import … from 'node:fs'`
 * makes node read every export of the module to build its namespace, which runs lazy getters
 * (fs.ReadStream loads all of node's stream internals; util.MIMEType loads internal/mime):
 * milliseconds on every run for nothing. require returns the module object and runs none of them.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** node:fs, without touching its lazy exports. */
export const fsSync = require('node:fs') as typeof import('node:fs');

/** node:util, without touching its lazy exports. */
export const nodeUtil = require('node:util') as typeof import('node:util');
