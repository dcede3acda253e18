/**
 * The hot bundle stands alone: `--version` and the hot verbs on a profile without the keychain run
 * from bin/port42 + dist/port42.js copied WITHOUT dist/cold/ and node_modules — so they cannot have
 * loaded yargs, zod, a cold chunk or node's ESM loader for them (scripts/build.mjs).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createSandbox, type Sandbox } from '../support/cli.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

let sandbox: Sandbox | undefined;
let copy: string | undefined;
afterEach(() => {
  sandbox?.cleanup();
  if (copy) rmSync(copy, { recursive: true, force: true });
});

/** bin/port42 (with its loader) and dist/port42.js with their package.json files, nothing else. */
function isolatedCopy(): string {
  copy = mkdtempSync(join(tmpdir(), 'port42-hot-'));
  for (const dir of ['bin', 'dist']) mkdirSync(join(copy, dir));
  for (const file of ['bin/port42', 'bin/package.json', 'dist/port42.js', 'dist/package.json'])
    copyFileSync(join(ROOT, file), join(copy, file));
  return join(copy, 'bin/port42');
}

function run(bin: string, args: string[], env: Record<string, string>): string {
  return execFileSync(process.execPath, [bin, ...args], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });
}

describe('hot bundle', () => {
  it('answers --version, auth token and env without dist/cold or node_modules', () => {
    const bin = isolatedCopy();
    sandbox = createSandbox({ OPENAI_API_KEY: 'sk-hot-0123456789abcdefghij' });
    expect(run(bin, ['--version'], sandbox.env)).toBe(`${VERSION}\n`);
    expect(run(bin, ['auth', 'token', 'openai'], sandbox.env)).toBe('sk-hot-0123456789abcdefghij\n');
    expect(run(bin, ['env', 'openai', '--shell', 'bash'], sandbox.env)).toContain("export OPENAI_API_KEY='sk-hot-0123456789abcdefghij'");
  });
});
