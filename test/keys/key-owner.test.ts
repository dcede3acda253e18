/** Which provider a key belongs to: the longest prefix across the whole table (issue 10, defect 2). */
import { describe, expect, it } from 'vitest';
import { allKeyPrefixes, keyProblem, ownerOfKey, withArticle } from '../../src/keys/key-owner.ts';
import { BUILTIN_PROVIDERS, builtinProvider, type Provider } from '../../src/providers/table.ts';
import { maskSecret } from '../../src/profiles/credential.ts';

const p = (id: string): Provider => builtinProvider(id)!;
const login = (owner: Provider, admin: boolean) => `port42 auth login ${owner.id}${admin ? ' --admin' : ''}`;

describe('ownerOfKey', () => {
  it.each([
    ['sk-ant-api03-AAAAAAAAAAAA', 'anthropic', false],
    ['sk-ant-admin01-AAAAAAAAAAAA', 'anthropic', true],
    ['sk-or-v1-AAAAAAAAAAAA', 'openrouter', false],
    ['sk-admin-AAAAAAAAAAAA', 'openai', true],
    ['sk-proj-AAAAAAAAAAAA', 'openai', false],
    ['gsk_AAAAAAAAAAAA', 'groq', false],
  ])('%s belongs to %s (admin: %s)', (key, id, admin) => {
    const owner = ownerOfKey(key, BUILTIN_PROVIDERS)!;
    expect(owner.owners.map((o) => o.id)).toEqual([id]);
    expect(owner.admin).toBe(admin);
  });

  it('a bare sk- key belongs to openai and deepseek alike', () => {
    expect(ownerOfKey('sk-AAAAAAAAAAAA', BUILTIN_PROVIDERS)!.owners.map((o) => o.id)).toEqual(['openai', 'deepseek']);
  });
});

describe('keyProblem', () => {
  it("refuses another provider's key, naming it and its login", () => {
    for (const id of ['openai', 'deepseek']) {
      expect(keyProblem(p(id), 'sk-ant-api03-AAAAAAAA', BUILTIN_PROVIDERS, login)).toEqual({
        message: `this looks like an anthropic key ("sk-ant-…"), not ${withArticle(id)} key`,
        hint: 'port42 auth login anthropic',
      });
      expect(keyProblem(p(id), 'sk-or-v1-AAAAAAAA', BUILTIN_PROVIDERS, login)?.hint).toBe('port42 auth login openrouter');
    }
    expect(keyProblem(p('deepseek'), 'sk-proj-AAAA', BUILTIN_PROVIDERS, login)?.message).toContain('an openai key');
    expect(keyProblem(p('mistral'), 'gsk_AAAAAAAA', BUILTIN_PROVIDERS, login)?.message).toContain('a groq key');
  });

  it('refuses an admin key with the --admin login', () => {
    const problem = keyProblem(p('openai'), 'sk-admin-AAAAAAAA', BUILTIN_PROVIDERS, login);
    expect(problem?.message).toContain('admin key');
    expect(problem?.hint).toBe('port42 auth login openai --admin');
  });

  it('accepts keys that fit, and says "an openai key" for a wrong one', () => {
    expect(keyProblem(p('openai'), 'sk-proj-AAAA', BUILTIN_PROVIDERS, login)).toBeNull();
    expect(keyProblem(p('deepseek'), 'sk-0123abcd', BUILTIN_PROVIDERS, login)).toBeNull();
    expect(keyProblem(p('together'), 'a'.repeat(64), BUILTIN_PROVIDERS, login)).toBeNull();
    expect(keyProblem(p('mistral'), 'Xy7Qp2Lm9Rt4Vb8N', BUILTIN_PROVIDERS, login)).toBeNull();
    expect(keyProblem(p('openai'), 'nope', BUILTIN_PROVIDERS, login)?.message).toBe(
      'this does not look like an openai key: it should start with "sk-" or "sk-proj-" or "sk-svcacct-"',
    );
  });

  it('masks by the provider the key belongs to', () => {
    expect(maskSecret('sk-ant-api03-AAAAAAAAAAAAAAAA1234', allKeyPrefixes(BUILTIN_PROVIDERS))).toBe('sk-ant-…1234');
    expect(maskSecret('sk-or-v1-AAAAAAAAAAAAAAAA1234', allKeyPrefixes(BUILTIN_PROVIDERS))).toBe('sk-or-v1-…1234');
  });
});
