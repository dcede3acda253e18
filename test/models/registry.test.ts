import { describe, expect, it } from 'vitest';
import { BUILTIN_PROVIDERS, builtinProvider, type Provider } from '../../src/providers/table.ts';
import { MODEL_REGISTRY } from '../../src/models/registry.ts';
import {
  closestNames,
  editDistance,
  knownModels,
  listedModels,
  providerModel,
  quoteList,
  unknownModelError,
} from '../../src/models/lookup.ts';

describe('the model registry', () => {
  it('has a table for every built-in provider except azure-openai and ollama, and nothing else', () => {
    const withTable = BUILTIN_PROVIDERS.map((p) => p.id).filter((id) => id !== 'azure-openai' && id !== 'ollama');
    expect(Object.keys(MODEL_REGISTRY).sort()).toEqual(withTable.sort());
  });

  for (const [provider, table] of Object.entries(MODEL_REGISTRY)) {
    it(`${provider}: a dated table of 2–8 models with unique names and sane numbers`, () => {
      expect(table.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(table.pricing).toMatch(/^https:\/\//);
      expect(table.models.length).toBeGreaterThanOrEqual(2);
      expect(table.models.length).toBeLessThanOrEqual(8);
      const names = table.models.flatMap((m) => [m.id, ...m.aliases]);
      expect(new Set(names).size, 'an id or alias appears twice').toBe(names.length);
      for (const model of table.models) {
        expect(model.id).toMatch(/^\S+$/);
        if (model.context !== undefined) expect(Number.isInteger(model.context) && model.context >= 1000).toBe(true);
        // Both prices or neither: a row with half a price would mislead.
        expect(model.input === undefined).toBe(model.output === undefined);
        for (const price of [model.input, model.output]) if (price !== undefined) expect(price >= 0 && price < 1000).toBe(true);
      }
    });
  }
});

describe('model lookup', () => {
  const custom: Provider = { ...builtinProvider('openai')!, id: 'mygw', models: ['mgw-large'] };

  it('finds a model by id or alias, only at its own provider', () => {
    const anthropic = builtinProvider('anthropic')!;
    expect(providerModel(anthropic, 'claude-sonnet-4-5-20250929')).toMatchObject({
      id: 'claude-sonnet-4-5',
      provider: 'anthropic',
      input: 3,
      output: 15,
      origin: 'registry',
    });
    expect(providerModel(anthropic, 'gpt-5')).toBeUndefined();
    expect(providerModel(anthropic, 'Claude-Sonnet-4-5')).toBeUndefined();
    expect(providerModel(builtinProvider('ollama')!, 'llama3.2')).toBe('unlisted');
    expect(providerModel(custom, 'mgw-large')).toMatchObject({ id: 'mgw-large', origin: 'config' });
    expect(listedModels(builtinProvider('azure-openai')!)).toBeUndefined();
  });

  it('adds the models profiles name that their provider does not list', () => {
    const ollama = builtinProvider('ollama')!;
    const openai = builtinProvider('openai')!;
    const profile = (name: string, provider: Provider, model: string) => ({
      name,
      provider,
      auth: 'none' as const,
      model,
      match: [],
      env: {},
      implicit: false,
    });
    const models = knownModels(
      [openai, ollama],
      [profile('local', ollama, 'llama3.2'), profile('work', openai, 'gpt-5'), profile('exp', openai, 'gpt-9')],
    );
    expect(models.filter((m) => m.origin === 'config').map((m) => `${m.provider}/${m.id}`)).toEqual(['ollama/llama3.2', 'openai/gpt-9']);
  });
});

describe('suggestions', () => {
  it.each([
    ['', '', 0],
    ['gpt-5', 'gpt-5', 0],
    ['gtp-5', 'gpt-5', 1],
    ['GPT-5', 'gpt-5', 0],
    ['gpt5', 'gpt-5', 1],
    ['sonnet', 'claude-sonnet-4-5', 11],
    ['kitten', 'sitting', 3],
  ])('editDistance(%j, %j) = %i', (a, b, want) => {
    expect(editDistance(a, b)).toBe(want);
  });

  const all = knownModels(BUILTIN_PROVIDERS).flatMap((m) => [m.id, ...m.aliases]);
  it.each([
    ['gtp-5', ['gpt-5']],
    ['gpt5-mini', ['gpt-5-mini']],
    ['claude-sonet-4-5', ['claude-sonnet-4-5']],
    ['sonet', ['claude-sonnet-4-5', 'claude-sonnet-4-0']],
    ['grok4', ['grok-4', 'grok-3']],
    ['zzzzzzzz', []],
  ])('closestNames(%j) starts with %j', (name, want) => {
    expect(closestNames(name, all).slice(0, want.length)).toEqual(want);
  });

  it('words the unknown-model error with quoted names', () => {
    expect(quoteList(['a', 'b', 'c'])).toBe('"a", "b" or "c"');
    const error = unknownModelError('gtp-5', all, '', 'port42 model list');
    expect([error.code, error.message, error.hint]).toEqual(['usage', 'unknown model "gtp-5"; did you mean "gpt-5"?', 'port42 model list']);
    expect(unknownModelError('zzzzzzzz', all, '', 'port42 model list').message).toBe('unknown model "zzzzzzzz"');
  });
});
