import { describe, expect, it } from 'vitest';
import { selfPathFrom } from '../../src/cli/self-path.ts';
import { dockerRequests } from '../../src/helper/docker-actions.ts';
import { hasBlankLine } from '../../src/helper/input.ts';
import { requestUrl } from '../../src/helper/git-actions.ts';

describe('docker server URLs as match requests', () => {
  it.each([
    ['https://index.docker.io/v1/', [{ protocol: 'https', host: 'index.docker.io', port: undefined, path: 'v1/' }]],
    // A bare remote host is tried over https only: never a key in clear to the network.
    ['registry:5000', [{ protocol: 'https', host: 'registry', port: 5000 }]],
    [
      'localhost:5000',
      [
        { protocol: 'https', host: 'localhost', port: 5000 },
        { protocol: 'http', host: 'localhost', port: 5000 },
      ],
    ],
    [
      '[::1]:5000/x?q#f',
      [
        { protocol: 'https', host: '[::1]', port: 5000, path: 'x' },
        { protocol: 'http', host: '[::1]', port: 5000, path: 'x' },
      ],
    ],
    ['HTTP://Reg.Example', [{ protocol: 'http', host: 'Reg.Example', port: undefined }]],
  ])('%s', (url, requests) => {
    expect(dockerRequests(url)).toEqual(requests);
  });
});

describe('where a git request ends', () => {
  it.each([
    ['', false],
    ['\n', true],
    ['\r\n', true],
    ['a=b\n', false],
    ['a=b\n\n', true],
    ['a=b\r\n\r\n', true],
    ['a=b\r\n', false],
  ])('%j has a blank line: %s', (text, expected) => {
    expect(hasBlankLine(Buffer.from(text))).toBe(expected);
  });
});

describe('the audit URL of a git request', () => {
  it('has no username or password', () => {
    expect(
      requestUrl({ protocol: 'https', host: 'h', port: 8443, path: 'a/b', username: 'u', password: 'p', wwwauth: [], capabilities: [] }),
    ).toBe('https://h:8443/a/b');
  });
});

describe('the path shell hooks call port42 by', () => {
  it.each([
    ['/usr/local/bin/port42', '/usr/local/bin/port42'],
    ['/opt/port42/bin/git-credential-port42', '/opt/port42/bin/port42'],
    ['/opt/port42/dist/port42.js', '/opt/port42/bin/port42'],
    [undefined, undefined],
  ])('%s → %s', (script, self) => {
    expect(selfPathFrom(script)).toBe(self);
  });
});
