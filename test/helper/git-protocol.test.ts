import { describe, expect, it } from 'vitest';
import { Port42Error } from '../../src/errors.ts';
import {
  MAX_LINE_BYTES,
  formatCapabilities,
  formatCredential,
  parseCredentialRequest,
  parseHelperAction,
  splitHostPort,
  type CredentialRequest,
  type CredentialResponse,
} from '../../src/helper/git-protocol.ts';
import { mulberry32, randomSafeValue } from './random.ts';

/** A transcript in the style of git's t0300-credentials: stdin in, fields (or an error) out. */
interface Transcript {
  name: string;
  stdin: string | Buffer;
  expectedFields?: Partial<CredentialRequest>;
  expectedError?: RegExp;
}

const none = { wwwauth: [], capabilities: [] };

const transcripts: Transcript[] = [
  {
    name: 'reads attributes up to a blank line and ignores what follows it',
    stdin: 'protocol=https\nhost=example.com\n\nusername=late\npassword=late\n',
    expectedFields: { ...none, protocol: 'https', host: 'example.com' },
  },
  {
    name: 'reads attributes up to end of input when there is no blank line',
    stdin: 'protocol=https\nhost=example.com\nusername=bob\npassword=secr3t',
    expectedFields: { ...none, protocol: 'https', host: 'example.com', username: 'bob', password: 'secr3t' },
  },
  {
    name: 'reads an empty input as an empty request',
    stdin: '',
    expectedFields: { ...none },
  },
  {
    name: 'reads a lone blank line as an empty request',
    stdin: '\n',
    expectedFields: { ...none },
  },
  {
    name: 'ignores unknown keys and capability-gated keys we do not advertise',
    stdin:
      'protocol=https\nfoo=bar\nauthtype=Bearer\ncredential=abc\nephemeral=true\nstate[]=x:1\ncontinue=1\nquit=1\nrequest_url=https://x/y?z\nhost=h\n',
    expectedFields: { ...none, protocol: 'https', host: 'h' },
  },
  {
    name: 'splits a port off the host',
    stdin: 'protocol=https\nhost=example.com:8080\n',
    expectedFields: { ...none, protocol: 'https', host: 'example.com', port: 8080 },
  },
  {
    name: 'splits a port off a bracketed IPv6 host',
    stdin: 'host=[::1]:8443\n',
    expectedFields: { ...none, host: '[::1]', port: 8443 },
  },
  {
    name: 'keeps a host whose suffix is not a valid port whole',
    stdin: 'host=example.com:http\n',
    expectedFields: { ...none, host: 'example.com:http' },
  },
  {
    name: 'keeps a path, username, password, expiry and refresh token',
    stdin: 'protocol=https\nhost=h\npath=team/repo.git\nusername=u\npassword=p\npassword_expiry_utc=1700000000\noauth_refresh_token=r\n',
    expectedFields: {
      ...none,
      protocol: 'https',
      host: 'h',
      path: 'team/repo.git',
      username: 'u',
      password: 'p',
      passwordExpiryUtc: 1700000000,
      oauthRefreshToken: 'r',
    },
  },
  {
    name: 'ignores a password_expiry_utc that is not a positive integer',
    stdin: 'password=p\npassword_expiry_utc=soon\n',
    expectedFields: { ...none, password: 'p' },
  },
  {
    name: 'lets a later password_expiry_utc that is invalid clear an earlier one',
    stdin: 'password_expiry_utc=1700000000\npassword_expiry_utc=0\n',
    expectedFields: { ...none },
  },
  {
    name: 'expands url= into protocol and host',
    stdin: 'url=https://example.com\n',
    expectedFields: { ...none, protocol: 'https', host: 'example.com' },
  },
  {
    name: 'expands url= with a port and a path, trimming the path slashes',
    stdin: 'url=https://git.corp.example:8443//team/repo.git/\n',
    expectedFields: { ...none, protocol: 'https', host: 'git.corp.example', port: 8443, path: 'team/repo.git' },
  },
  {
    name: 'expands url= with user:pass@, percent-decoding them',
    stdin: 'url=https://bob%40corp:p%3As%2Bw+d@example.com/a%20b\n',
    expectedFields: {
      ...none,
      protocol: 'https',
      host: 'example.com',
      username: 'bob@corp',
      password: 'p:s+w+d',
      path: 'a b',
    },
  },
  {
    name: 'expands url= with a username only',
    stdin: 'url=https://bob@example.com:99\n',
    expectedFields: { ...none, protocol: 'https', host: 'example.com', port: 99, username: 'bob' },
  },
  {
    name: 'ends the host of url= at a query or fragment, as git does',
    stdin: 'url=https://example.com?x=1\n',
    expectedFields: { ...none, protocol: 'https', host: 'example.com', path: '?x=1' },
  },
  {
    name: 'gives url= without a host an empty host',
    stdin: 'url=cert:///path/to/file\n',
    expectedFields: { ...none, protocol: 'cert', host: '', path: 'path/to/file' },
  },
  {
    name: 'lets url= clear everything read before it',
    stdin: 'protocol=http\nhost=old\nusername=old\npassword=old\nwwwauth[]=Basic\ncapability[]=authtype\nurl=https://new\n',
    expectedFields: { ...none, protocol: 'https', host: 'new' },
  },
  {
    name: 'lets attributes after url= override its parts',
    stdin: 'url=https://u:p@h/x\nusername=v\npassword=q\n',
    expectedFields: { ...none, protocol: 'https', host: 'h', path: 'x', username: 'v', password: 'q' },
  },
  {
    name: 'keeps the last value of a repeated key',
    stdin: 'host=a\nhost=b\nusername=x\nusername=y\n',
    expectedFields: { ...none, host: 'b', username: 'y' },
  },
  {
    name: 'accumulates wwwauth[] and capability[] in order',
    stdin: 'capability[]=authtype\ncapability[]=state\nwwwauth[]=Basic realm="x"\nwwwauth[]=Bearer realm="y"\n',
    expectedFields: {
      wwwauth: ['Basic realm="x"', 'Bearer realm="y"'],
      capabilities: ['authtype', 'state'],
    },
  },
  {
    name: 'clears a multi-valued attribute on an empty value',
    stdin: 'wwwauth[]=Basic\nwwwauth[]=\nwwwauth[]=Bearer\n',
    expectedFields: { ...none, wwwauth: ['Bearer'] },
  },
  {
    name: 'keeps an empty value as an empty string',
    stdin: 'username=\npassword=\n',
    expectedFields: { ...none, username: '', password: '' },
  },
  {
    name: 'splits at the first = so later ones stay in the value',
    stdin: 'password=a=b==c\n',
    expectedFields: { ...none, password: 'a=b==c' },
  },
  {
    name: 'drops a CR before LF, as git reads lines',
    stdin: 'protocol=https\r\nhost=example.com\r\npassword=p\r\n',
    expectedFields: { ...none, protocol: 'https', host: 'example.com', password: 'p' },
  },
  {
    name: 'ends at a CRLF blank line',
    stdin: 'host=h\r\n\r\npassword=late\r\n',
    expectedFields: { ...none, host: 'h' },
  },
  {
    name: 'keeps a CR that is not directly before LF',
    stdin: 'password=a\rb\nusername=u\r',
    expectedFields: { ...none, password: 'a\rb', username: 'u\r' },
  },
  {
    name: 'reads a Buffer of UTF-8 bytes',
    stdin: Buffer.from('username=zoë\npassword=пароль\n', 'utf8'),
    expectedFields: { ...none, username: 'zoë', password: 'пароль' },
  },
  {
    name: 'accepts a line of exactly 65535 bytes with its newline',
    stdin: `password=${'x'.repeat(MAX_LINE_BYTES - 'password='.length - 1)}\n`,
    expectedFields: { ...none, password: 'x'.repeat(MAX_LINE_BYTES - 'password='.length - 1) },
  },
  {
    name: 'does not look at lines after the blank line, even invalid ones',
    stdin: 'host=h\n\nnot a line\0\n',
    expectedFields: { ...none, host: 'h' },
  },
  {
    name: 'refuses a line over 65535 bytes',
    stdin: `password=${'x'.repeat(MAX_LINE_BYTES - 'password='.length)}\n`,
    expectedError: /line 1 is longer than 65535 bytes/,
  },
  {
    name: 'refuses an over-long last line without a newline',
    stdin: `host=h\npassword=${'x'.repeat(MAX_LINE_BYTES)}`,
    expectedError: /line 2 is longer than 65535 bytes/,
  },
  {
    name: 'refuses a NUL byte',
    stdin: 'host=h\npassword=se\0cret\n',
    expectedError: /line 2 contains a NUL byte/,
  },
  {
    name: 'refuses a line without =',
    stdin: 'host=h\nsecret-looking-line\n',
    expectedError: /line 2 has no '='/,
  },
  {
    name: 'refuses an empty key',
    stdin: '=value\n',
    expectedError: /line 1 has an empty key/,
  },
  {
    name: 'refuses bytes that are not UTF-8',
    stdin: Buffer.from([...Buffer.from('password='), 0xff, 0xfe, 0x0a]),
    expectedError: /line 1 is not valid utf-8/,
  },
  {
    name: 'refuses url= without a scheme, as git does',
    stdin: 'url=example.com\n',
    expectedError: /url attribute has no scheme/,
  },
  {
    name: 'refuses url= whose decoded username holds a newline (CVE-2020-5260)',
    stdin: 'url=https://u%0a@example.com/\n',
    expectedError: /newline.*username/,
  },
  {
    name: 'refuses url= whose decoded host holds a carriage return',
    stdin: 'url=https://example.com%0d/\n',
    expectedError: /carriage return.*host/,
  },
];

describe('parseCredentialRequest transcripts', () => {
  for (const t of transcripts) {
    it(t.name, () => {
      if (t.expectedError) {
        expect(() => parseCredentialRequest(t.stdin)).toThrow(t.expectedError);
        try {
          parseCredentialRequest(t.stdin);
        } catch (error) {
          expect(error).toBeInstanceOf(Port42Error);
          expect((error as Port42Error).code).toBe('usage');
        }
      } else {
        expect(parseCredentialRequest(t.stdin)).toStrictEqual(t.expectedFields);
      }
    });
  }

  it('never quotes the offending line in the error', () => {
    const secret = 'hunter2-very-secret';
    for (const stdin of [`${secret}\n`, `password=${secret}\0\n`, `=${secret}\n`]) {
      try {
        parseCredentialRequest(stdin);
        expect.unreachable();
      } catch (error) {
        expect((error as Error).message).not.toContain('hunter2');
      }
    }
  });
});

describe('splitHostPort', () => {
  it.each([
    ['example.com', { host: 'example.com' }],
    ['example.com:1', { host: 'example.com', port: 1 }],
    ['example.com:65535', { host: 'example.com', port: 65535 }],
    ['example.com:65536', { host: 'example.com:65536' }],
    ['example.com:0', { host: 'example.com:0' }],
    ['example.com:', { host: 'example.com:' }],
    ['::1', { host: '::1' }],
    ['[::1]', { host: '[::1]' }],
    ['[::1]:22', { host: '[::1]', port: 22 }],
    ['', { host: '' }],
  ])('splits %j', (input, expected) => {
    expect(splitHostPort(input)).toStrictEqual(expected);
  });
});

describe('formatCredential', () => {
  it('writes key=value lines in a fixed order with no trailing blank line', () => {
    const text = formatCredential({
      oauthRefreshToken: 'r',
      passwordExpiryUtc: 1700000000,
      password: 'p',
      username: 'u',
      path: 'team/repo.git',
      port: 8443,
      host: 'git.corp.example',
      protocol: 'https',
    });
    expect(text).toBe(
      'protocol=https\nhost=git.corp.example:8443\npath=team/repo.git\nusername=u\npassword=p\n' +
        'password_expiry_utc=1700000000\noauth_refresh_token=r\n',
    );
  });

  it('writes only the fields given', () => {
    expect(formatCredential({ username: 'u', password: 'p' })).toBe('username=u\npassword=p\n');
    expect(formatCredential({})).toBe('');
  });

  it('writes empty values and values with = as they are', () => {
    expect(formatCredential({ username: '', password: 'a=b' })).toBe('username=\npassword=a=b\n');
  });

  it.each([
    ['a newline', { password: 'a\nb' }, /password attribute contains a newline/],
    ['a carriage return', { username: 'a\rb' }, /username attribute contains a carriage return/],
    ['a NUL', { oauthRefreshToken: 'a\0b' }, /oauth_refresh_token attribute contains a NUL/],
    ['a newline in the host', { host: 'h\nusername=evil' }, /host attribute contains a newline/],
    ['an over-long value', { password: 'x'.repeat(MAX_LINE_BYTES) }, /password attribute is longer/],
    ['port 0', { host: 'h', port: 0 }, /port attribute must be an integer/],
    ['a fractional port', { host: 'h', port: 1.5 }, /port attribute must be an integer/],
    ['a port without a host', { port: 443 }, /port was given without a host/],
    ['a port on a host that has one', { host: 'h:80', port: 443 }, /already ends in a port/],
    ['a zero expiry', { passwordExpiryUtc: 0 }, /password_expiry_utc attribute must be an integer/],
    ['a fractional expiry', { passwordExpiryUtc: 1.5 }, /password_expiry_utc attribute must be an integer/],
  ] as [string, CredentialResponse, RegExp][])('refuses %s without quoting the value', (_name, fields, error) => {
    expect(() => formatCredential(fields)).toThrow(error);
    try {
      formatCredential(fields);
    } catch (e) {
      expect(e).toBeInstanceOf(Port42Error);
      expect((e as Error).message).not.toContain('evil');
      expect((e as Error).message).not.toContain('xxxxxxxx');
    }
  });

  it('round-trips random safe values: parse(format(x)) equals x', () => {
    const random = mulberry32(0x9e3779b9);
    for (let i = 0; i < 1000; i++) {
      const fields: CredentialResponse = {};
      const maybe = (): boolean => random() < 0.7;
      if (maybe()) fields.protocol = randomSafeValue(random, 12);
      if (maybe()) {
        // A host that itself ends in :digits would be split on the way back.
        fields.host = randomSafeValue(random, 30).replace(/:/g, '.');
        if (maybe()) fields.port = 1 + Math.floor(random() * 65535);
      }
      if (maybe()) fields.path = randomSafeValue(random, 40);
      if (maybe()) fields.username = randomSafeValue(random, 20);
      if (maybe()) fields.password = randomSafeValue(random, 80);
      if (maybe()) fields.passwordExpiryUtc = 1 + Math.floor(random() * 4_000_000_000);
      if (maybe()) fields.oauthRefreshToken = randomSafeValue(random, 80);
      const parsed = parseCredentialRequest(formatCredential(fields));
      expect(parsed).toStrictEqual({ wwwauth: [], capabilities: [], ...fields });
    }
  });
});

describe('parseHelperAction', () => {
  it.each(['get', 'store', 'erase', 'capability'] as const)('recognises %s', (action) => {
    expect(parseHelperAction(action)).toBe(action);
  });

  it.each([undefined, '', 'GET', 'fill', 'approve', 'list', ' get', 'get\n'])('calls %j unknown', (arg) => {
    expect(parseHelperAction(arg)).toBe('unknown');
  });
});

describe('formatCapabilities', () => {
  it('announces version 0 and no capabilities', () => {
    expect(formatCapabilities()).toBe('version 0\n');
  });

  it('starts with "version " so git does not assume the helper lacks the format', () => {
    expect(formatCapabilities().startsWith('version ')).toBe(true);
  });
});
