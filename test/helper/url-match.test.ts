import { describe, expect, it } from 'vitest';
import { bestMatch, matchesUrl, removeDotSegments, validateMatchPattern, type UrlMatchRequest } from '../../src/helper/url-match.ts';
import { isLoopbackHost } from '../../src/providers/table.ts';

const openai: UrlMatchRequest = { protocol: 'https', host: 'api.openai.com' };
const corp = (path?: string, port = 8443): UrlMatchRequest => ({
  protocol: 'https',
  host: 'git.corp.example',
  port,
  ...(path === undefined ? {} : { path }),
});

describe('matchesUrl', () => {
  it.each<[string, string, UrlMatchRequest, boolean]>([
    ['matches scheme and host', 'https://api.openai.com', openai, true],
    ['ignores a trailing slash on a host-only pattern', 'https://api.openai.com/', openai, true],
    ['matches any path when the pattern has none', 'https://api.openai.com', { ...openai, path: 'v1/chat' }, true],
    ['refuses a different scheme', 'http://api.openai.com', openai, false],
    ['compares the scheme case-insensitively', 'HTTPS://api.openai.com', { ...openai, protocol: 'HTTPS' }, true],
    ['refuses a different host', 'https://api.openai.com', { protocol: 'https', host: 'openai.com' }, false],
    ['refuses a subdomain', 'https://openai.com', openai, false],
    ['refuses a host that only ends like the pattern', 'https://openai.com', { protocol: 'https', host: 'evilopenai.com' }, false],
    ['compares hosts case-insensitively (request upper)', 'https://api.openai.com', { protocol: 'https', host: 'API.OpenAI.com' }, true],
    ['compares hosts case-insensitively (pattern upper)', 'https://API.OPENAI.COM', openai, true],
    [
      'matches a Unicode request host against its punycode pattern',
      'https://bücher.example',
      { protocol: 'https', host: 'BÜCHER.example' },
      true,
    ],
    ['treats an absent request port as 443 for https', 'https://api.openai.com:443', openai, true],
    ['treats an absent pattern port as 443 for https', 'https://api.openai.com', { ...openai, port: 443 }, true],
    ['treats an absent port as 80 for http', 'http://localhost', { protocol: 'http', host: 'localhost', port: 80 }, true],
    ['refuses port 80 for https', 'https://api.openai.com', { ...openai, port: 80 }, false],
    ['refuses a request port the pattern lacks', 'https://api.openai.com', { ...openai, port: 8443 }, false],
    ['refuses a pattern port the request lacks', 'https://git.corp.example:8443', { protocol: 'https', host: 'git.corp.example' }, false],
    ['matches an explicit non-default port', 'https://git.corp.example:8443', corp(), true],
    ['requires equal ports for schemes without a default', 'ssh://h:22', { protocol: 'ssh', host: 'h' }, false],
    ['matches absent ports for schemes without a default', 'ssh://h', { protocol: 'ssh', host: 'h' }, true],
    ['matches a path prefix on a segment boundary', 'https://git.corp.example:8443/team/', corp('team/repo.git'), true],
    ['matches the exact path', 'https://git.corp.example:8443/team', corp('team'), true],
    ['matches the exact path with a trailing slash', 'https://git.corp.example:8443/team', corp('team/'), true],
    ['refuses a path that only starts with the same letters', 'https://git.corp.example:8443/team', corp('teams/x'), false],
    ['refuses a shorter path', 'https://git.corp.example:8443/team/repo', corp('team'), false],
    ['refuses a request without a path when the pattern has one', 'https://git.corp.example:8443/team', corp(), false],
    ['compares paths case-sensitively', 'https://git.corp.example:8443/Team', corp('team/x'), false],
    ['accepts a leading slash in the request path', 'https://git.corp.example:8443/team', corp('/team/x'), true],
    ['decodes the pattern path', 'https://h/a%20b', { protocol: 'https', host: 'h', path: 'a b/c' }, true],
    ['matches an IPv6 host', 'https://[::1]:8080/', { protocol: 'https', host: '[::1]', port: 8080 }, true],
    ['refuses a request without a protocol', 'https://api.openai.com', { host: 'api.openai.com' }, false],
    ['refuses a request without a host', 'https://api.openai.com', { protocol: 'https' }, false],
    ['refuses a host carrying userinfo', 'https://api.openai.com', { protocol: 'https', host: 'evil@api.openai.com' }, false],
    ['never matches an invalid pattern', 'api.openai.com', openai, false],
    // Hostile paths: a server would resolve them outside the pattern's prefix.
    ['refuses a .. segment', 'https://llm.corp.example/team', { protocol: 'https', host: 'llm.corp.example', path: 'team/../x' }, false],
    ['refuses a . segment', 'https://llm.corp.example/team', { protocol: 'https', host: 'llm.corp.example', path: 'team/./x' }, false],
    ['refuses a trailing ..', 'https://llm.corp.example/team', { protocol: 'https', host: 'llm.corp.example', path: 'team/..' }, false],
    ['refuses %2e%2e', 'https://llm.corp.example/team', { protocol: 'https', host: 'llm.corp.example', path: 'team/%2e%2e/x' }, false],
    ['refuses %2E%2e', 'https://llm.corp.example/team', { protocol: 'https', host: 'llm.corp.example', path: 'team/%2E%2e/x' }, false],
    ['refuses .%2e', 'https://llm.corp.example/team', { protocol: 'https', host: 'llm.corp.example', path: 'team/.%2e/x' }, false],
    [
      'refuses %2f-separated ..',
      'https://llm.corp.example/team',
      { protocol: 'https', host: 'llm.corp.example', path: 'team%2f..%2fx' },
      false,
    ],
    [
      'refuses backslash-separated ..',
      'https://llm.corp.example/team',
      { protocol: 'https', host: 'llm.corp.example', path: 'team\\..\\x' },
      false,
    ],
    ['refuses %2e%2e next to a malformed escape', 'https://h/team', { protocol: 'https', host: 'h', path: 'team/%2e%2e/%zz' }, false],
    ['refuses .. even under a host-only pattern', 'https://h', { protocol: 'https', host: 'h', path: '../x' }, false],
    ['matches a decoded path', 'https://h/team', { protocol: 'https', host: 'h', path: 'team/%41' }, true],
    ['keeps a path with a lone % that is no dot segment', 'https://h/team', { protocol: 'https', host: 'h', path: 'team/100%' }, true],
    ['matches a name that merely contains dots', 'https://h/team', { protocol: 'https', host: 'h', path: 'team/..x/...' }, true],
    ['normalises the pattern path (%2f..%2f)', 'https://h/a%2f..%2fteam', { protocol: 'https', host: 'h', path: 'team/x' }, true],
    // Plain http only to loopback.
    ['never matches plain http to a remote host', 'http://llm.corp.example', { protocol: 'http', host: 'llm.corp.example' }, false],
    ['matches plain http to 127.0.0.1', 'http://127.0.0.1:8080', { protocol: 'http', host: '127.0.0.1', port: 8080 }, true],
    ['matches plain http to [::1]', 'http://[::1]:8080', { protocol: 'http', host: '[::1]', port: 8080 }, true],
  ])('%s', (_name, pattern, request, expected) => {
    expect(matchesUrl(pattern, request)).toBe(expected);
  });
});

describe('bestMatch', () => {
  const candidates = [
    { pattern: 'https://git.corp.example:8443', value: 'host' },
    { pattern: 'https://git.corp.example:8443/team/', value: 'team' },
    { pattern: 'https://git.corp.example:8443/team/repo.git', value: 'repo' },
    { pattern: 'https://git.corp.example:8443/other', value: 'other' },
  ];

  it('picks the longest matching path', () => {
    expect(bestMatch(candidates, corp('team/repo.git'))).toBe('repo');
    expect(bestMatch(candidates, corp('team/another.git'))).toBe('team');
    expect(bestMatch(candidates, corp('elsewhere'))).toBe('host');
    expect(bestMatch(candidates, corp())).toBe('host');
  });

  it('does not depend on the order of candidates for different lengths', () => {
    expect(bestMatch([...candidates].reverse(), corp('team/repo.git'))).toBe('repo');
  });

  it('gives a tie to the first candidate', () => {
    const tied = [
      { pattern: 'https://api.openai.com', value: 'first' },
      { pattern: 'https://api.openai.com:443/', value: 'second' },
    ];
    expect(bestMatch(tied, openai)).toBe('first');
  });

  it('returns undefined when nothing fits', () => {
    expect(bestMatch(candidates, openai)).toBeUndefined();
    expect(bestMatch([], openai)).toBeUndefined();
  });

  it('skips invalid patterns', () => {
    expect(
      bestMatch(
        [
          { pattern: 'not a url', value: 1 },
          { pattern: 'https://api.openai.com', value: 2 },
        ],
        openai,
      ),
    ).toBe(2);
  });
});

describe('validateMatchPattern', () => {
  it.each([
    'https://api.openai.com',
    'https://api.openai.com/',
    'https://git.corp.example:8443/team/',
    'http://localhost:11434',
    'https://[::1]:8080/v1',
    'ssh://git.example.com/repo',
  ])('accepts %s', (pattern) => {
    expect(validateMatchPattern(pattern)).toBeUndefined();
  });

  it.each([
    ['', /empty/],
    ['api.openai.com', /no scheme/],
    ['localhost:8080', /no scheme/],
    ['//api.openai.com', /no scheme/],
    ['https://api.openai.com/?a=1', /query/],
    ['https://api.openai.com/#x', /fragment/],
    ['https://user@api.openai.com', /username or password/],
    ['https://user:pw@api.openai.com', /username or password/],
    ['https://:pw@api.openai.com', /username or password/],
    ['https://*.openai.com', /wildcard/],
    ['https://api.openai.com /x', /whitespace/],
    [' https://api.openai.com', /whitespace/],
    ['https://api.openai.com\n', /whitespace/],
    ['https:\\\\api.openai.com', /backslash/],
    ['https://', /not a valid URL|no host/],
    ['https://api.openai.com:99999', /not a valid URL/],
    ['https://api.openai.com:0', /port 0/],
    ['file:///etc/passwd', /no host/],
    ['http://llm.corp.example', /plain http to a host that is not loopback/],
    ['HTTP://10.0.0.5:8080/v1', /plain http to a host that is not loopback/],
    ['ws://llm.corp.example', /plain http to a host that is not loopback/],
    ['http://127.0.0.1.evil.example', /plain http to a host that is not loopback/],
  ])('refuses %j with a reason', (pattern, reason) => {
    const result = validateMatchPattern(pattern);
    expect(result).toMatch(reason);
  });
});

describe('removeDotSegments (RFC 3986 §5.2.4)', () => {
  it.each([
    ['/a/b/c/./../../g', '/a/g'],
    ['mid/content=5/../6', 'mid/6'],
    ['/a/b/..', '/a/'],
    ['/a/.', '/a/'],
    ['/..', '/'],
    ['/../../x', '/x'],
    ['team/x', 'team/x'],
    ['', ''],
  ])('%s → %s', (input, expected) => {
    expect(removeDotSegments(input)).toBe(expected);
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['[::1]', true],
    ['::1', true],
    ['LOCALHOST', true],
    ['127.0.0.1.evil.example', false],
    ['localhost.evil.example', false],
    ['10.0.0.1', false],
    ['registry', false],
  ])('%s → %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});
