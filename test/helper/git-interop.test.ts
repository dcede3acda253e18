import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatCapabilities, formatCredential, parseCredentialRequest } from '../../src/helper/git-protocol.ts';
import { programsAvailable } from '../support/real-component.ts';

/**
 * Real git on both sides of the wire: what git writes to a helper is what our parser reads, and
 * what our formatter writes is what git reads back. Skips (with a printed reason) without git.
 */
const hasGit = programsAvailable('git credential interop', 'git');

describe.runIf(hasGit)('git credential interop (real git)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'port42-git-interop-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: join(dir, 'no-such-gitconfig'),
    GIT_TERMINAL_PROMPT: '0',
    DUMP_FILE: join(dir, 'dump'),
    RESPONSE_FILE: join(dir, 'response'),
    LC_ALL: 'C',
  };

  const git = (args: string[], input: string): string =>
    execFileSync('git', args, { cwd: dir, env, input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });

  it('parses what git sends a helper on store', () => {
    git(
      ['-c', 'credential.useHttpPath=true', '-c', 'credential.helper=!f() { cat > "$DUMP_FILE"; }; f', 'credential', 'approve'],
      'url=https://git.corp.example:8443/team/repo.git\nusername=bob\npassword=a=b c\n',
    );
    const request = parseCredentialRequest(readFileSync(env.DUMP_FILE));
    expect(request).toMatchObject({
      protocol: 'https',
      host: 'git.corp.example',
      port: 8443,
      path: 'team/repo.git',
      username: 'bob',
      password: 'a=b c',
    });
  });

  it('formats an answer git reads back on get', () => {
    writeFileSync(env.RESPONSE_FILE, formatCredential({ username: 'bob', password: 'p=w: "x" é' }));
    const out = git(
      ['-c', 'credential.helper=!f() { cat "$RESPONSE_FILE"; }; f', 'credential', 'fill'],
      'protocol=https\nhost=api.example.com\n\n',
    );
    expect(parseCredentialRequest(out)).toMatchObject({
      protocol: 'https',
      host: 'api.example.com',
      username: 'bob',
      password: 'p=w: "x" é',
    });
  });

  it("reads git's own fill output, which ends at end of output with no blank line", () => {
    writeFileSync(env.RESPONSE_FILE, formatCredential({ username: 'u', password: 'p' }));
    const out = git(
      ['-c', 'credential.helper=!f() { cat "$RESPONSE_FILE"; }; f', 'credential', 'fill'],
      'url=https://api.example.com:444\n',
    );
    expect(out.endsWith('\n')).toBe(true);
    expect(out.endsWith('\n\n')).toBe(false);
    expect(parseCredentialRequest(out)).toMatchObject({ host: 'api.example.com', port: 444 });
  });

  it('has a capability answer git would accept (starts with "version ")', () => {
    // git only asks helpers for capabilities from 2.46 on; the format is fixed by the docs.
    expect(formatCapabilities()).toMatch(/^version 0\n$/);
  });
});
