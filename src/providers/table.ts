/**
 * The built-in providers as data (PRODUCT.md "Built-in providers"). Adding a provider is adding a
 * row; nothing else in port42 names a provider.
 */

/** How a provider's cheap check sends the key. */
export type CheckAuth = 'bearer' | 'x-api-key' | 'x-goog-api-key' | 'api-key' | 'none';

/** A cheap, read-only request that tells whether a key is accepted (only 401/403 mean invalid). */
export interface CheckSpec {
  /** Path appended to the base URL. */
  readonly path: string;
  readonly auth: CheckAuth;
  /** Extra headers, e.g. anthropic-version. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Everything port42 knows about one provider. */
export interface Provider {
  readonly id: string;
  /** Variable that carries an API key. */
  readonly keyEnv: string;
  /** Variable that carries an OAuth bearer token instead, where the provider's tools read one. */
  readonly tokenEnv?: string;
  /** Other variables the provider's SDKs also read for the key (listed for status and import). */
  readonly aliasKeyEnvs?: readonly string[];
  /** More variables its clients read the key from, given the placeholder in secretless mode (Codex: CODEX_API_KEY). */
  readonly placeholderEnvs?: readonly string[];
  readonly baseUrlEnv?: string;
  readonly modelEnv?: string;
  /** Accepted key prefixes; empty means any. */
  readonly keyPrefixes: readonly string[];
  /** Prefixes of organization admin keys: never handed to tools, stored only with `auth login --admin`. */
  readonly adminKeyPrefixes?: readonly string[];
  /** Accepted key shape when it has no prefix (together's legacy 64-hex keys). */
  readonly keyPattern?: RegExp;
  readonly defaultBaseUrl: string;
  readonly check: CheckSpec;
  /** True when a loopback base URL needs no key (local servers). */
  readonly keylessOnLoopback?: boolean;
  /** Username given to git/docker helpers when the profile sets none. */
  readonly helperUsername: string;
  /** Models this provider serves (custom providers list theirs in the config). */
  readonly models?: readonly string[];
}

/** The built-in provider table. */
export const BUILTIN_PROVIDERS: readonly Provider[] = [
  {
    id: 'anthropic',
    keyEnv: 'ANTHROPIC_API_KEY',
    tokenEnv: 'ANTHROPIC_AUTH_TOKEN',
    baseUrlEnv: 'ANTHROPIC_BASE_URL',
    modelEnv: 'ANTHROPIC_MODEL',
    keyPrefixes: ['sk-ant-'],
    adminKeyPrefixes: ['sk-ant-admin'],
    defaultBaseUrl: 'https://api.anthropic.com',
    check: { path: '/v1/models', auth: 'x-api-key', headers: { 'anthropic-version': '2023-06-01' } },
    helperUsername: 'anthropic',
  },
  {
    id: 'openai',
    keyEnv: 'OPENAI_API_KEY',
    baseUrlEnv: 'OPENAI_BASE_URL',
    modelEnv: 'OPENAI_MODEL',
    placeholderEnvs: ['CODEX_API_KEY'],
    // The longer prefixes are listed so that masking shows them; "sk-" alone accepts them all.
    keyPrefixes: ['sk-', 'sk-proj-', 'sk-svcacct-'],
    adminKeyPrefixes: ['sk-admin-'],
    defaultBaseUrl: 'https://api.openai.com/v1',
    check: { path: '/models', auth: 'bearer' },
    helperUsername: 'openai',
  },
  {
    id: 'gemini',
    keyEnv: 'GEMINI_API_KEY',
    aliasKeyEnvs: ['GOOGLE_API_KEY'],
    baseUrlEnv: 'GOOGLE_GEMINI_BASE_URL',
    modelEnv: 'GEMINI_MODEL',
    keyPrefixes: ['AIza'],
    defaultBaseUrl: 'https://generativelanguage.googleapis.com',
    check: { path: '/v1beta/models', auth: 'x-goog-api-key' },
    helperUsername: 'gemini',
  },
  {
    id: 'groq',
    keyEnv: 'GROQ_API_KEY',
    baseUrlEnv: 'GROQ_BASE_URL',
    keyPrefixes: ['gsk_'],
    defaultBaseUrl: 'https://api.groq.com',
    check: { path: '/openai/v1/models', auth: 'bearer' },
    helperUsername: 'groq',
  },
  {
    id: 'mistral',
    keyEnv: 'MISTRAL_API_KEY',
    keyPrefixes: [],
    defaultBaseUrl: 'https://api.mistral.ai',
    check: { path: '/v1/models', auth: 'bearer' },
    helperUsername: 'mistral',
  },
  {
    id: 'openrouter',
    keyEnv: 'OPENROUTER_API_KEY',
    keyPrefixes: ['sk-or-v1-'],
    defaultBaseUrl: 'https://openrouter.ai',
    check: { path: '/api/v1/key', auth: 'bearer' },
    helperUsername: 'openrouter',
  },
  {
    id: 'xai',
    keyEnv: 'XAI_API_KEY',
    baseUrlEnv: 'XAI_BASE_URL',
    keyPrefixes: ['xai-'],
    defaultBaseUrl: 'https://api.x.ai',
    check: { path: '/v1/api-key', auth: 'bearer' },
    helperUsername: 'xai',
  },
  {
    id: 'deepseek',
    keyEnv: 'DEEPSEEK_API_KEY',
    keyPrefixes: ['sk-'],
    defaultBaseUrl: 'https://api.deepseek.com',
    check: { path: '/models', auth: 'bearer' },
    helperUsername: 'deepseek',
  },
  {
    id: 'together',
    keyEnv: 'TOGETHER_API_KEY',
    baseUrlEnv: 'TOGETHER_BASE_URL',
    keyPrefixes: ['tgp_v1_'],
    keyPattern: /^[0-9a-f]{64}$/,
    defaultBaseUrl: 'https://api.together.xyz',
    check: { path: '/v1/models', auth: 'bearer' },
    helperUsername: 'together',
  },
  {
    id: 'azure-openai',
    keyEnv: 'AZURE_OPENAI_API_KEY',
    baseUrlEnv: 'AZURE_OPENAI_ENDPOINT',
    keyPrefixes: [],
    defaultBaseUrl: 'https://example.openai.azure.com',
    check: { path: '/openai/models?api-version=2024-10-21', auth: 'api-key' },
    helperUsername: 'azure-openai',
  },
  {
    id: 'ollama',
    keyEnv: 'OLLAMA_API_KEY',
    baseUrlEnv: 'OLLAMA_HOST',
    keyPrefixes: [],
    defaultBaseUrl: 'http://127.0.0.1:11434',
    check: { path: '/api/version', auth: 'bearer' },
    keylessOnLoopback: true,
    helperUsername: 'ollama',
  },
];

/** The built-in provider with this id, or undefined. */
export function builtinProvider(id: string): Provider | undefined {
  return BUILTIN_PROVIDERS.find((p) => p.id === id);
}

/** True when the URL points at this machine (plain http and keyless access are allowed there). */
export function isLoopbackUrl(url: string): boolean {
  try {
    return isLoopbackHost(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** True for 127.0.0.0/8, ::1 (bracketed or not) and localhost, in any case. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.toLowerCase().replace(/^\[|\]$/g, '');
  return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}
