import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { PORT42_BIN, createSandbox } from '../support/cli.ts';

/**
 * Protocol transcripts, git t0300 style: stdin, then exactly the stdout, stderr and exit code of
 * the real built executables (bin/port42 helper …, bin/git-credential-port42,
 * bin/docker-credential-port42), well-formed and malformed input alike.
 */
const BIN = resolve(PORT42_BIN, '..');
const WORK = 'sk-work-0123456789abcdef';
const OTHER = 'sk-ant-other-0123456789';

const sandbox = createSandbox({ WORK_SECRET: WORK, OTHER_SECRET: OTHER, PORT42_PASSPHRASE: 'transcript-test' });
sandbox.writeConfig(`store = "file"

[profiles.work]
provider = "openai"
auth = "env"
from_env = "WORK_SECRET"
username = "bob"
match = ["https://git.corp.example/team", "https://registry.corp.example"]

[profiles.other]
provider = "anthropic"
auth = "env"
from_env = "OTHER_SECRET"
match = ["https://git.corp.example"]

[profiles.locked]
provider = "openai"
match = ["https://locked.example"]

[profiles.gw]
provider = "anthropic"
auth = "oauth"
match = ["https://gw.corp.example"]
[profiles.gw.oauth]
issuer = "https://login.corp.example"
client_id = "port42"
`);
afterAll(() => sandbox.cleanup());

interface Transcript {
  readonly name: string;
  readonly argv: readonly string[];
  readonly stdin: string | Buffer;
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

async function play(t: Transcript): Promise<void> {
  const [program = '', ...args] = t.argv;
  const result = await execa(join(BIN, program), args, {
    env: sandbox.env,
    extendEnv: false,
    cwd: sandbox.home,
    input: t.stdin,
    reject: false,
    stripFinalNewline: false,
    timeout: 10_000,
  });
  expect({ stdout: result.stdout, stderr: result.stderr, code: result.exitCode }).toEqual({
    stdout: t.stdout,
    stderr: t.stderr,
    code: t.code,
  });
}

const get = ['port42', 'helper', 'get'];
const shimGet = ['git-credential-port42', 'get'];
const LOCKED_STDERR = 'port42: profile "locked" has no key stored\n  run: port42 auth login locked\n';

const GIT: Transcript[] = [
  {
    name: 'get: the profile whose match has the longest fitting path',
    argv: get,
    stdin: 'protocol=https\nhost=git.corp.example\npath=team/repo.git\n\n',
    stdout: `username=bob\npassword=${WORK}\n`,
    stderr: '',
    code: 0,
  },
  {
    name: 'get: without a path only a pattern without one fits',
    argv: get,
    stdin: 'protocol=https\nhost=git.corp.example\n\n',
    stdout: `username=anthropic\npassword=${OTHER}\n`,
    stderr: '',
    code: 0,
  },
  {
    name: 'get: through the git-credential-port42 shim',
    argv: shimGet,
    stdin: 'protocol=https\nhost=git.corp.example\npath=team\n\n',
    stdout: `username=bob\npassword=${WORK}\n`,
    stderr: '',
    code: 0,
  },
  {
    name: 'get: url= as git sends it with credential.useHttpPath',
    argv: get,
    stdin: 'url=https://git.corp.example/team/x.git\n\n',
    stdout: `username=bob\npassword=${WORK}\n`,
    stderr: '',
    code: 0,
  },
  {
    name: 'get: CRLF line ends, end of input instead of a blank line',
    argv: get,
    stdin: 'protocol=https\r\nhost=git.corp.example\r\npath=team/x\r\n',
    stdout: `username=bob\npassword=${WORK}\n`,
    stderr: '',
    code: 0,
  },
  {
    name: 'get: unknown keys and capabilities are ignored',
    argv: get,
    stdin: 'capability[]=authtype\nwwwauth[]=Basic realm="x"\nfuture=1\nprotocol=https\nhost=git.corp.example\n\n',
    stdout: `username=anthropic\npassword=${OTHER}\n`,
    stderr: '',
    code: 0,
  },
  {
    name: 'get: a username in the request picks only profiles with that username',
    argv: get,
    stdin: 'protocol=https\nhost=git.corp.example\nusername=bob\n\n',
    stdout: '',
    stderr: '',
    code: 0,
  },
  {
    name: 'get: nothing after the blank line is read',
    argv: get,
    stdin: 'protocol=https\nhost=registry.corp.example\n\nnot a credential line\0',
    stdout: `username=bob\npassword=${WORK}\n`,
    stderr: '',
    code: 0,
  },
  {
    name: 'get: no matching profile → empty answer, exit 0 (git asks the next helper)',
    argv: get,
    stdin: 'protocol=https\nhost=github.com\n\n',
    stdout: '',
    stderr: '',
    code: 0,
  },
  {
    name: 'get: another scheme or port does not match',
    argv: get,
    stdin: 'protocol=http\nhost=registry.corp.example:8443\n\n',
    stdout: '',
    stderr: '',
    code: 0,
  },
  {
    name: 'get: a matching profile that needs a login → stderr, exit 4, nothing on stdout',
    argv: get,
    stdin: 'protocol=https\nhost=locked.example\n\n',
    stdout: '',
    stderr: LOCKED_STDERR,
    code: 4,
  },
  {
    name: 'capability: version 0 and no capabilities',
    argv: ['port42', 'helper', 'capability'],
    stdin: '',
    stdout: 'version 0\n',
    stderr: '',
    code: 0,
  },
  {
    name: 'an unknown action is ignored silently',
    argv: ['port42', 'helper', 'frobnicate'],
    stdin: 'garbage\0\n',
    stdout: '',
    stderr: '',
    code: 0,
  },
  {
    name: 'an unknown action through the shim is ignored too',
    argv: ['git-credential-port42', 'approve-all'],
    stdin: '',
    stdout: '',
    stderr: '',
    code: 0,
  },
  {
    name: 'store: accepted and ignored (port42 is the source of truth)',
    argv: ['port42', 'helper', 'store'],
    stdin: 'protocol=https\nhost=git.corp.example\nusername=bob\npassword=typed-by-user\n\n',
    stdout: '',
    stderr: '',
    code: 0,
  },
  {
    name: 'erase: an api-key profile keeps its secret; the user is told how to replace it',
    argv: ['port42', 'helper', 'erase'],
    stdin: 'protocol=https\nhost=locked.example\nusername=openai\npassword=old\n\n',
    stdout: '',
    stderr:
      'port42: the server refused the credential of profile "locked"; port42 keeps it (erase never deletes port42\'s secrets)\n  run: port42 auth login locked   # to replace it\n',
    code: 0,
  },
  {
    name: 'erase: no matching profile, nothing to say',
    argv: ['port42', 'helper', 'erase'],
    stdin: 'protocol=https\nhost=github.com\n\n',
    stdout: '',
    stderr: '',
    code: 0,
  },
  {
    name: 'malformed: a line without =',
    argv: get,
    stdin: 'protocol=https\nhost\n\n',
    stdout: '',
    stderr: "port42: credential line 2 has no '=' between key and value\n",
    code: 2,
  },
  {
    name: 'malformed: a NUL byte',
    argv: get,
    stdin: 'protocol=https\nhost=git.corp.example\0\n\n',
    stdout: '',
    stderr: 'port42: credential line 2 contains a NUL byte\n',
    code: 2,
  },
  {
    name: 'malformed: a line longer than 65535 bytes',
    argv: get,
    stdin: `protocol=https\nhost=${'a'.repeat(65535)}\n\n`,
    stdout: '',
    stderr: 'port42: credential line 2 is longer than 65535 bytes\n',
    code: 2,
  },
  {
    name: 'malformed: not UTF-8',
    argv: get,
    stdin: Buffer.from('protocol=https\nhost=\xff\xfe\n\n', 'latin1'),
    stdout: '',
    stderr: 'port42: credential line 2 is not valid utf-8\n',
    code: 2,
  },
  {
    name: 'malformed: a url without a scheme',
    argv: get,
    stdin: 'url=git.corp.example/team\n\n',
    stdout: '',
    stderr: 'port42: the url attribute has no scheme (expected scheme://host/…)\n',
    code: 2,
  },
  {
    name: 'malformed store input is reported too',
    argv: ['port42', 'helper', 'store'],
    stdin: '=x\n\n',
    stdout: '',
    stderr: 'port42: credential line 1 has an empty key\n',
    code: 2,
  },
  {
    name: 'more than 1 MiB of input',
    argv: get,
    stdin: `x=${'y'.repeat(60_000)}\n`.repeat(18),
    stdout: '',
    stderr: 'port42: the input on stdin is larger than 1048576 bytes\n',
    code: 2,
  },
  {
    name: 'no action at all is a usage error',
    argv: ['port42', 'helper'],
    stdin: '',
    stdout: '',
    stderr:
      'port42: helper needs an action: get, store, erase or capability\n  run: git config --global credential.helper "!port42 helper"\n',
    code: 2,
  },
];

const docker = (action: string) => ['docker-credential-port42', action];

const DOCKER: Transcript[] = [
  {
    name: 'get: a server URL with scheme',
    argv: docker('get'),
    stdin: 'https://registry.corp.example\n',
    stdout: `{"ServerURL":"https://registry.corp.example","Username":"bob","Secret":"${WORK}"}\n`,
    stderr: '',
    code: 0,
  },
  {
    name: 'get: a bare host, as docker sends for private registries',
    argv: docker('get'),
    stdin: 'registry.corp.example',
    stdout: `{"ServerURL":"registry.corp.example","Username":"bob","Secret":"${WORK}"}\n`,
    stderr: '',
    code: 0,
  },
  {
    name: 'get: a path below the match',
    argv: docker('get'),
    stdin: 'https://registry.corp.example/v1/\n',
    stdout: `{"ServerURL":"https://registry.corp.example/v1/","Username":"bob","Secret":"${WORK}"}\n`,
    stderr: '',
    code: 0,
  },
  {
    name: "get: no profile matches → docker's not-found text, exit 1",
    argv: docker('get'),
    stdin: 'https://index.docker.io/v1/\n',
    stdout: 'credentials not found in native keychain\n',
    stderr: '',
    code: 1,
  },
  { name: 'get: empty input', argv: docker('get'), stdin: '\n', stdout: 'no credentials server URL\n', stderr: '', code: 1 },
  {
    name: 'get: two lines',
    argv: docker('get'),
    stdin: 'a\nb\n',
    stdout: 'port42: the docker server URL must be a single line\n',
    stderr: '',
    code: 1,
  },
  {
    name: 'get: login needed → the reason and the fix on stdout, exit 1',
    argv: docker('get'),
    stdin: 'https://locked.example',
    stdout: 'port42: profile "locked" has no key stored (run: port42 auth login locked)\n',
    stderr: '',
    code: 1,
  },
  {
    name: 'store: valid input is accepted and ignored',
    argv: docker('store'),
    stdin: '{"ServerURL":"https://registry.corp.example","Username":"bob","Secret":"typed"}',
    stdout: '',
    stderr: '',
    code: 0,
  },
  {
    name: 'store: no username',
    argv: docker('store'),
    stdin: '{"ServerURL":"https://registry.corp.example","Secret":"typed"}',
    stdout: 'no credentials username\n',
    stderr: '',
    code: 1,
  },
  {
    name: 'store: not JSON',
    argv: docker('store'),
    stdin: 'ServerURL=x',
    stdout: 'port42: the docker credential input is not valid JSON (expected {"ServerURL","Username","Secret"})\n',
    stderr: '',
    code: 1,
  },
  {
    name: 'erase: accepted, nothing deleted',
    argv: docker('erase'),
    stdin: 'https://registry.corp.example\n',
    stdout: '',
    stderr: '',
    code: 0,
  },
  {
    name: "list: every match entry with its profile's username",
    argv: docker('list'),
    stdin: '',
    stdout:
      '{"https://git.corp.example/team":"bob","https://registry.corp.example":"bob","https://git.corp.example":"anthropic","https://locked.example":"openai","https://gw.corp.example":"anthropic"}\n',
    stderr: '',
    code: 0,
  },
  { name: 'version', argv: docker('version'), stdin: '', stdout: 'docker-credential-port42 (port42) v0.1.0\n', stderr: '', code: 0 },
  {
    name: "an unknown action, in the reference helpers' words",
    argv: docker('frob'),
    stdin: '',
    stdout: 'Unknown credential action `frob`\n',
    stderr: '',
    code: 1,
  },
];

/**
 * Hostile URLs get nothing: dot segments (plain, percent-encoded, behind %2f or a backslash) that a
 * server would resolve outside the `team` prefix, and plain http to a remote host, which would
 * carry the key in clear. `other` matches the whole host, so even it must not answer these.
 */
const NOT_FOUND = { stdout: 'credentials not found in native keychain\n', stderr: '', code: 1 };
const HOSTILE: Transcript[] = [
  ...['team/../x', 'team/./x', 'team/%2e%2e/x', 'team/%2E%2E/x', 'team/.%2e/x', 'team%2f..%2fx', 'team\\..\\x', '../team/x'].map(
    (path): Transcript => ({
      name: `git get: path=${path}`,
      argv: get,
      stdin: `protocol=https\nhost=git.corp.example\npath=${path}\n\n`,
      stdout: '',
      stderr: '',
      code: 0,
    }),
  ),
  {
    name: 'git get: url= with %2e%2e after the team prefix',
    argv: get,
    stdin: 'url=https://git.corp.example/team/%2e%2e/other.git\n\n',
    stdout: '',
    stderr: '',
    code: 0,
  },
  {
    name: 'git get: plain http to the same host',
    argv: get,
    stdin: 'protocol=http\nhost=git.corp.example\n\n',
    stdout: '',
    stderr: '',
    code: 0,
  },
  { name: 'docker get: dot segments', argv: docker('get'), stdin: 'https://registry.corp.example/v2/../x\n', ...NOT_FOUND },
  { name: 'docker get: encoded dot segments', argv: docker('get'), stdin: 'https://registry.corp.example/v2/%2e%2e/x\n', ...NOT_FOUND },
  { name: 'docker get: plain http to the registry', argv: docker('get'), stdin: 'http://registry.corp.example\n', ...NOT_FOUND },
];

describe('hostile URLs get nothing (real CLI)', () => {
  it.concurrent.each(HOSTILE)('$name', play);
});

describe('git credential helper transcripts (real CLI)', () => {
  it.concurrent.each(GIT)('$name', play);

  it('erase for an OAuth profile leaves a refresh marker and keeps everything else', async () => {
    await play({
      name: 'erase oauth',
      argv: ['port42', 'helper', 'erase'],
      stdin: 'protocol=https\nhost=gw.corp.example\nusername=anthropic\npassword=expired\n\n',
      stdout: '',
      stderr: 'port42: the server refused the token of profile "gw"; it will be refreshed before its next use\n',
      code: 0,
    });
    const marker = JSON.parse(readFileSync(join(sandbox.stateDir, 'refresh-gw'), 'utf8')) as { rejected_at: number };
    expect(Math.abs(marker.rejected_at - Date.now() / 1000)).toBeLessThan(60);
    expect(existsSync(join(sandbox.stateDir, 'secrets.enc'))).toBe(false);
  });

  it('answers as soon as the blank line arrives, even if the caller keeps stdin open', async () => {
    const child = spawn(join(BIN, 'port42'), ['helper', 'get'], { env: sandbox.env, cwd: sandbox.home, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stdin.write('protocol=https\nhost=registry.corp.example\n\n');
    const code = await new Promise<number | null>((done) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.on('close', (c) => {
        clearTimeout(timer);
        done(c);
      });
    });
    child.stdin.destroy();
    expect({ code, stdout }).toEqual({ code: 0, stdout: `username=bob\npassword=${WORK}\n` });
  });
});

describe('docker credential helper transcripts (real CLI)', () => {
  it.concurrent.each(DOCKER)('$name', play);
});
