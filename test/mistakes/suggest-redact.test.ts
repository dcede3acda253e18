/** The pure parts of "mistakes that teach": edit distance, suggestions, redaction. */
import { describe, expect, it } from 'vitest';
import { closest, editDistance } from '../../src/cli/mistakes/suggest.ts';
import { looksLikeSecret, redactText, secretArguments } from '../../src/cli/mistakes/redact.ts';
import { SHORTEST_SECRET_WORD } from '../../src/cli/secret-words.ts';
import { suggestCommand } from '../../src/cli/mistakes/command-tree.ts';
import { diagnose } from '../../src/cli/mistakes/diagnose.ts';

describe('editDistance and closest', () => {
  it('counts a swap of two letters once', () => {
    expect(editDistance('zhs', 'zsh')).toBe(1);
    expect(editDistance('opneai', 'openai')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('picks the closest choice or nothing when all are far', () => {
    expect(closest('zhs', ['bash', 'zsh', 'fish'])).toBe('zsh');
    expect(closest('apikey', ['api-key', 'oauth', 'command', 'env', 'none'])).toBe('api-key');
    expect(closest('--jsn', ['--json', '--check', '--profile'])).toBe('--json');
    expect(closest('banana', ['bash', 'zsh', 'fish'])).toBeUndefined();
  });
});

describe('suggestCommand', () => {
  it.each([
    [['token'], 'port42 auth token'],
    [['status'], 'port42 auth status'],
    [['use'], 'port42 profile use'],
    [['logout'], 'port42 auth logout'],
    [['version'], 'port42 --version'],
    [['evn'], 'port42 env'],
    [['auth', 'tokn'], 'port42 auth token'],
    [['auth', 'use'], 'port42 profile use'],
  ])('%j → %s', (typed, expected) => {
    expect(suggestCommand(typed)).toBe(expected);
  });
});

describe('redaction', () => {
  const keys = [
    'sk-proj-AbCdEfGhIjKlMnOpQrStUvWx0123',
    'sk-ant-api03-AbCdEfGhIjKlMnOpQrStUv',
    'sk-or-v1-0123456789abcdef0123456789abcdef',
    'sk-admin-AbCdEfGh12345678',
    'gsk_AbCdEfGhIjKlMnOp1234',
    'AIzaSyAbCdEfGhIjKlMnOpQrStUv',
    'xai-AbCdEfGhIjKl1234',
    'tgp_v1_AbCdEfGhIjKlMnOp',
    '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    'Xy7Qp2Lm9Rt4Vb8Nc3Kd6Hf1', // mistral-style: no prefix, random
    'k7Qz2Vb9/Xm4Tn8Lp3Rw/Hd6Jc1Yf5Gs', // base64 with '/'
  ];

  it.each(keys)('recognises %s as a secret', (key) => {
    expect(looksLikeSecret(key)).toBe(true);
  });

  it.each([
    'work',
    'openai',
    'claude-3-5-sonnet-20241022',
    'gpt-4.1-mini',
    '/home/u/.config/port42/config.toml',
    '/tmp/tmp.kZ3xQ9aBcD/.config/port42/config.toml',
    '/tmp/port42-test-Xk3bQ9/.local/state/port42',
    'https://api.openai.com/v1',
    'my-work-profile-2026',
  ])('leaves %s alone', (word) => {
    expect(looksLikeSecret(word)).toBe(false);
  });

  it('takes a known prefix and 8 more characters for a key: the shortest word the hot paths send to redaction', () => {
    expect(SHORTEST_SECRET_WORD).toBe(11);
    expect(looksLikeSecret('sk-12345678')).toBe(true);
    expect(looksLikeSecret('sk-1234567')).toBe(false);
  });

  it('hides a typed key with / in it whole, not piecewise', () => {
    const key = 'k7Qz2Vb9/Xm4Tn8Lp3Rw/Hd6Jc1Yf5Gs';
    expect(redactText(`port42: no profile named "${key}"\n`, ['auth', 'token', key])).toBe('port42: no profile named "…(hidden)"\n');
  });

  it('hides argument values, whole or after =, and keeps the known prefix', () => {
    const argv = ['env', '--profile=sk-proj-AbCdEfGhIjKlMnOpQrStUvWx0123'];
    expect(secretArguments(argv)).toEqual(['sk-proj-AbCdEfGhIjKlMnOpQrStUvWx0123']);
    const text = redactText('port42: no profile named "sk-proj-AbCdEfGhIjKlMnOpQrStUvWx0123"\n', argv);
    expect(text).toBe('port42: no profile named "sk-proj-…(hidden)"\n');
  });

  it('keeps file paths in messages readable, even temporary ones', () => {
    const text = 'port42: the state directory /tmp/port42-test-YEqgY4/shared/port42 is open to others\n';
    expect(redactText(text, ['auth', 'token'])).toBe(text);
  });

  it("uses custom providers' prefixes", () => {
    expect(redactText('x mgw_abcdefghijkl y', ['mgw_abcdefghijkl'], ['mgw_'])).toBe('x mgw_…(hidden) y');
    expect(redactText('x mgw_abcdefghijkl y', ['mgw_abcdefghijkl'])).toBe('x mgw_abcdefghijkl y');
  });
});

describe('diagnose', () => {
  it('finds nothing wrong with a well-formed line', () => {
    expect(diagnose(['exec', 'work', '--', 'bash', '-c', 'true'])).toBeUndefined();
    expect(diagnose(['auth', 'status', 'a', 'b', '--json'])).toBeUndefined();
    expect(diagnose([])).toBeUndefined();
    expect(diagnose(['auth'])).toBeUndefined();
  });

  it('names the closest option and value', () => {
    expect(diagnose(['auth', 'status', '--jsn'])?.message).toContain('did you mean --json?');
    expect(diagnose(['env', '--shell', 'zhs'])?.message).toBe('unknown shell "zhs"; did you mean zsh?');
    expect(diagnose(['profile', 'add', 'w', '--provider', 'openai', '--auth', 'apikey'])?.message).toBe(
      'unknown auth "apikey"; did you mean api-key?',
    );
  });

  it('puts -- before a command given without it', () => {
    const error = diagnose(['exec', 'work', 'bash', '-c', 'echo hi']);
    expect(error?.message).toContain('put -- before the command');
    expect(error?.hint).toBe("port42 exec work -- bash -c 'echo hi'");
  });
});
