// The proxy's pure rules: placeholder shape and comparison, target and Host checks, proxy_paths,
// the ?key= rewrite, NO_PROXY matching, and what a proxied child's environment becomes.
import { describe, expect, it } from 'vitest';
import { buildConfig } from '../../src/config/build.ts';
import { BUILTIN_PROVIDERS } from '../../src/providers/table.ts';
import { proxiedVariables, withLoopbackExempt } from '../../src/proxy/child-env.ts';
import { renewalMarginMs } from '../../src/proxy/credential-keeper.ts';
import { createPlaceholder, isPlaceholder } from '../../src/proxy/placeholder.ts';
import { checkTarget, credentialHeader, isOwnHost, isPathAllowed, withoutKeyParameter } from '../../src/proxy/rules.ts';
import { bypassesProxy } from '../../src/proxy/upstream.ts';

const provider = (id: string) => BUILTIN_PROVIDERS.find((p) => p.id === id)!;

describe('placeholder', () => {
  it.each([
    ['anthropic', /^sk-ant-port42-[A-Za-z0-9_-]{32}$/],
    ['openai', /^sk-port42-[A-Za-z0-9_-]{32}$/],
    ['gemini', /^AIzaport42-[A-Za-z0-9_-]{32}$/],
    ['mistral', /^port42-[A-Za-z0-9_-]{32}$/],
  ])('has the %s key prefix and 192 random bits', (id, shape) => {
    const a = createPlaceholder(provider(id));
    expect(a).toMatch(shape);
    expect(createPlaceholder(provider(id))).not.toBe(a);
  });
  it('compares whole values only', () => {
    const p = createPlaceholder(provider('openai'));
    expect(isPlaceholder(p, p)).toBe(true);
    expect(isPlaceholder(p.slice(0, -1), p)).toBe(false);
    expect(isPlaceholder(p + 'x', p)).toBe(false);
    expect(isPlaceholder('', p)).toBe(false);
  });
});

describe('request rules', () => {
  it.each([
    ['CONNECT', 'evil:443', 405],
    ['GET', 'http://evil.example/x', 400],
    ['GET', '//evil.example/x', 400],
    ['GET', '*', 400],
    ['GET', '/a\\b', 400],
    ['GET', '/v1/models', undefined],
    ['GET', '/v1/models?q=a/../b', undefined],
    // Dot segments, plain or encoded, would walk out of the base path or proxy_paths upstream.
    ['POST', '/v1/models/../../v1/files', 400],
    ['POST', '/v1/models/%2e%2e/%2E%2E/v1/files', 400],
    ['POST', '/v1/models%2f..%2f..%2fv1/files', 400],
    ['GET', '/v1/./models', 400],
  ])('%s %s → %s', (method, target, status) => {
    expect(checkTarget(method, target)?.status).toBe(status);
  });
  it('accepts only its own loopback Host with its port', () => {
    for (const host of ['127.0.0.1:8080', 'localhost:8080', '[::1]:8080', 'LOCALHOST:8080']) expect(isOwnHost(host, 8080)).toBe(true);
    for (const host of ['127.0.0.1', '127.0.0.1:8081', 'evil.example:8080', 'attacker.127.0.0.1.nip.io:8080', undefined])
      expect(isOwnHost(host, 8080)).toBe(false);
  });
  it('matches proxy_paths exactly or by prefix with *', () => {
    const paths = ['/v1/messages', '/v1/models*'];
    expect(isPathAllowed('/v1/messages', paths)).toBe(true);
    expect(isPathAllowed('/v1/models/claude', paths)).toBe(true);
    expect(isPathAllowed('/v1/messages/batches', paths)).toBe(false);
    expect(isPathAllowed('/v1/files', paths)).toBe(false);
    expect(isPathAllowed('/anything', undefined)).toBe(true);
  });
  it('drops every key parameter and keeps the rest as sent', () => {
    expect(withoutKeyParameter('/m:gen?alt=sse&key=AIza1&x=%20y')).toBe('/m:gen?alt=sse&x=%20y');
    expect(withoutKeyParameter('/m?key=a&k%65y=b')).toBe('/m');
    expect(withoutKeyParameter('/m')).toBe('/m');
  });
  it('puts keys where the provider wants them and bearer tokens in Authorization; refuses line breaks', () => {
    expect(credentialHeader('api-key', 'x-api-key', 'k')).toEqual(['x-api-key', 'k']);
    expect(credentialHeader('bearer', 'x-api-key', 't')).toEqual(['authorization', 'Bearer t']);
    expect(credentialHeader('api-key', 'api-key', 'k')).toEqual(['api-key', 'k']);
    expect(() => credentialHeader('api-key', 'bearer', 'k\r\nx: y')).toThrow(/line break/);
  });
});

describe('upstream and environment', () => {
  it('matches NO_PROXY entries', () => {
    expect(bypassesProxy('api.openai.com', '443', 'localhost,.openai.com')).toBe(true);
    expect(bypassesProxy('api.openai.com', '443', 'openai.com:8443')).toBe(false);
    expect(bypassesProxy('api.openai.com', '443', '*')).toBe(true);
    expect(bypassesProxy('api.openai.com', '443', undefined)).toBe(false);
  });
  it('appends loopback to NO_PROXY once', () => {
    expect(withLoopbackExempt(undefined)).toBe('127.0.0.1,localhost,::1');
    expect(withLoopbackExempt('corp.example,localhost')).toBe('corp.example,localhost,127.0.0.1,::1');
  });
  it('renews with min(60 s, a quarter of the lifetime) left', () => {
    expect(renewalMarginMs(20_000)).toBe(5000);
    expect(renewalMarginMs(3_600_000)).toBe(60_000);
  });
  it('gives the child the placeholder and the proxy URL, and removes every secret variable it knows', () => {
    const config = buildConfig(
      { path: '/c.toml', text: '', home: '/h' },
      {
        profiles: {
          work: { provider: 'anthropic', model: 'claude-sonnet-4-5' },
          legacy: { provider: 'openai', auth: 'env', from_env: 'WORK_KEY' },
        },
      },
      true,
    );
    const changes = proxiedVariables(config, config.profiles.get('work')!, {
      proxyOrigin: 'http://127.0.0.1:4000',
      basePath: '',
      placeholder: 'sk-ant-port42-x',
      env: { ANTHROPIC_API_KEY: 'real', WORK_KEY: 'real2', GEMINI_API_KEY: 'real3', HOME: '/h' },
    });
    const byName = Object.fromEntries(changes.map((c) => [c.name, c.value]));
    expect(byName).toMatchObject({
      ANTHROPIC_API_KEY: null,
      WORK_KEY: null,
      GEMINI_API_KEY: null,
      ANTHROPIC_AUTH_TOKEN: 'sk-ant-port42-x',
      ANTHROPIC_BASE_URL: 'http://127.0.0.1:4000',
      ANTHROPIC_MODEL: 'claude-sonnet-4-5',
      PORT42_PROFILE: 'work',
      NO_PROXY: '127.0.0.1,localhost,::1',
    });
    expect(changes.map((c) => c.value)).not.toContain('real');
  });
});
