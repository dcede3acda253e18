/**
 * The models each built-in provider serves, as data: id, aliases, context window and list price.
 *
 * Prices change often. The figures are the providers' published list prices in USD per million
 * tokens (standard tier, no batch or cache discounts; where a provider prices long prompts higher,
 * the base tier), taken from each provider's pricing page named below. They were compiled by hand
 * without network access, so re-check them against those pages before relying on a number; `asOf`
 * is the date this table was last reviewed. A model missing here still works with a named profile:
 * see `port42 model set --force` and custom providers' `models = [...]`.
 *
 * azure-openai and ollama have no entry: Azure deployments are named by the user, and Ollama
 * serves whatever was pulled locally, so their models come from the config only.
 */

/** One model in the table. Prices are USD per million tokens; undefined when not fixed. */
export interface ModelSpec {
  readonly id: string;
  /** Other names the provider's API accepts for it (dated snapshots, -latest). */
  readonly aliases: readonly string[];
  /** Context window in tokens. */
  readonly context?: number;
  readonly input?: number;
  readonly output?: number;
}

/** The table of one provider. */
export interface ProviderModels {
  /** When the table was last reviewed (YYYY-MM-DD). */
  readonly asOf: string;
  /** Where the prices come from. */
  readonly pricing: string;
  readonly models: readonly ModelSpec[];
}

const AS_OF = '2026-11-25';

function m(
  id: string,
  context: number | undefined,
  input: number | undefined,
  output: number | undefined,
  aliases: readonly string[] = [],
): ModelSpec {
  return {
    id,
    aliases,
    ...(context !== undefined ? { context } : {}),
    ...(input !== undefined ? { input } : {}),
    ...(output !== undefined ? { output } : {}),
  };
}

/** The built-in providers' models, keyed by provider id. */
export const MODEL_REGISTRY: Readonly<Record<string, ProviderModels>> = {
  anthropic: {
    asOf: AS_OF,
    pricing: 'https://www.anthropic.com/pricing#api',
    models: [
      m('claude-opus-4-5', 200_000, 5, 25, ['claude-opus-4-5-20251101']),
      m('claude-sonnet-4-5', 200_000, 3, 15, ['claude-sonnet-4-5-20250929']),
      m('claude-haiku-4-5', 200_000, 1, 5, ['claude-haiku-4-5-20251001']),
      m('claude-opus-4-1', 200_000, 15, 75, ['claude-opus-4-1-20250805']),
      m('claude-sonnet-4-0', 200_000, 3, 15, ['claude-sonnet-4-20250514']),
      m('claude-opus-4-0', 200_000, 15, 75, ['claude-opus-4-20250514']),
      m('claude-3-5-haiku-latest', 200_000, 0.8, 4, ['claude-3-5-haiku-20241022']),
    ],
  },
  openai: {
    asOf: AS_OF,
    pricing: 'https://openai.com/api/pricing/',
    models: [
      m('gpt-5.1', 400_000, 1.25, 10, ['gpt-5.1-2025-11-13']),
      m('gpt-5', 400_000, 1.25, 10, ['gpt-5-2025-08-07']),
      m('gpt-5-mini', 400_000, 0.25, 2, ['gpt-5-mini-2025-08-07']),
      m('gpt-5-nano', 400_000, 0.05, 0.4, ['gpt-5-nano-2025-08-07']),
      m('gpt-4.1', 1_047_576, 2, 8, ['gpt-4.1-2025-04-14']),
      m('gpt-4.1-mini', 1_047_576, 0.4, 1.6, ['gpt-4.1-mini-2025-04-14']),
      m('o3', 200_000, 2, 8, ['o3-2025-04-16']),
      m('o4-mini', 200_000, 1.1, 4.4, ['o4-mini-2025-04-16']),
    ],
  },
  gemini: {
    asOf: AS_OF,
    // Pro models: the price of prompts up to 200k tokens (longer prompts cost more).
    pricing: 'https://ai.google.dev/gemini-api/docs/pricing',
    models: [
      m('gemini-3-pro-preview', 1_048_576, 2, 12),
      m('gemini-2.5-pro', 1_048_576, 1.25, 10),
      m('gemini-2.5-flash', 1_048_576, 0.3, 2.5),
      m('gemini-2.5-flash-lite', 1_048_576, 0.1, 0.4),
      m('gemini-2.0-flash', 1_048_576, 0.1, 0.4, ['gemini-2.0-flash-001']),
    ],
  },
  groq: {
    asOf: AS_OF,
    pricing: 'https://groq.com/pricing',
    models: [
      m('openai/gpt-oss-120b', 131_072, 0.15, 0.75),
      m('openai/gpt-oss-20b', 131_072, 0.1, 0.5),
      m('llama-3.3-70b-versatile', 131_072, 0.59, 0.79),
      m('llama-3.1-8b-instant', 131_072, 0.05, 0.08),
      m('meta-llama/llama-4-scout-17b-16e-instruct', 131_072, 0.11, 0.34),
      m('moonshotai/kimi-k2-instruct-0905', 262_144, 1, 3, ['moonshotai/kimi-k2-instruct']),
      m('qwen/qwen3-32b', 131_072, 0.29, 0.59),
    ],
  },
  mistral: {
    asOf: AS_OF,
    pricing: 'https://mistral.ai/pricing#api-pricing',
    models: [
      m('mistral-large-latest', 131_072, 2, 6, ['mistral-large-2411']),
      m('mistral-medium-latest', 131_072, 0.4, 2, ['mistral-medium-2508']),
      m('mistral-small-latest', 131_072, 0.1, 0.3, ['mistral-small-2506']),
      m('magistral-medium-latest', 131_072, 2, 5, ['magistral-medium-2509']),
      m('codestral-latest', 262_144, 0.3, 0.9, ['codestral-2508']),
      m('devstral-medium-latest', 131_072, 0.4, 2, ['devstral-medium-2507']),
      m('ministral-8b-latest', 131_072, 0.1, 0.1, ['ministral-8b-2410']),
    ],
  },
  openrouter: {
    asOf: AS_OF,
    // OpenRouter passes the upstream price through; auto-routing and multi-host models vary.
    pricing: 'https://openrouter.ai/models',
    models: [
      m('openrouter/auto', undefined, undefined, undefined),
      m('anthropic/claude-sonnet-4.5', 1_000_000, 3, 15),
      m('openai/gpt-5', 400_000, 1.25, 10),
      m('google/gemini-2.5-pro', 1_048_576, 1.25, 10),
      m('x-ai/grok-4', 256_000, 3, 15),
      m('deepseek/deepseek-chat-v3.1', 163_840, undefined, undefined),
      m('meta-llama/llama-3.3-70b-instruct', 131_072, undefined, undefined),
    ],
  },
  xai: {
    asOf: AS_OF,
    pricing: 'https://docs.x.ai/docs/models',
    models: [
      m('grok-4', 256_000, 3, 15, ['grok-4-0709', 'grok-4-latest']),
      m('grok-4-fast-reasoning', 2_000_000, 0.2, 0.5),
      m('grok-4-fast-non-reasoning', 2_000_000, 0.2, 0.5),
      m('grok-code-fast-1', 256_000, 0.2, 1.5),
      m('grok-3', 131_072, 3, 15, ['grok-3-latest']),
      m('grok-3-mini', 131_072, 0.3, 0.5),
    ],
  },
  deepseek: {
    asOf: AS_OF,
    // Both names are served by the same model (chat = non-thinking, reasoner = thinking mode).
    pricing: 'https://api-docs.deepseek.com/quick_start/pricing',
    models: [m('deepseek-chat', 131_072, 0.28, 0.42), m('deepseek-reasoner', 131_072, 0.28, 0.42)],
  },
  together: {
    asOf: AS_OF,
    pricing: 'https://www.together.ai/pricing',
    models: [
      m('meta-llama/Llama-3.3-70B-Instruct-Turbo', 131_072, 0.88, 0.88),
      m('meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo', 131_072, 0.18, 0.18),
      m('deepseek-ai/DeepSeek-V3.1', 131_072, 0.6, 1.7),
      m('deepseek-ai/DeepSeek-R1', 163_840, 3, 7),
      m('Qwen/Qwen3-Coder-480B-A35B-Instruct-FP8', 262_144, 2, 2),
      m('openai/gpt-oss-120b', 131_072, 0.15, 0.6),
      m('moonshotai/Kimi-K2-Instruct-0905', 262_144, 1, 3),
    ],
  },
};
