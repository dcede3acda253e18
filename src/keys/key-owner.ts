/**
 * Which provider a key belongs to, by the longest known prefix across the whole provider table
 * (issue 10: `sk-ant-` is Anthropic's even though OpenAI's keys start with `sk-` too), and what
 * is wrong with storing it in a given profile.
 */
import type { Provider } from '../providers/table.ts';

/** The longest prefix a key carries, the providers that issue it, and whether it marks an admin key. */
export interface KeyOwner {
  readonly prefix: string;
  readonly owners: readonly Provider[];
  readonly admin: boolean;
}

/** "an openai", "a groq": the article that fits the provider id as it is read aloud. */
export function withArticle(id: string): string {
  return `${/^[aeioux]/i.test(id) ? 'an' : 'a'} ${id}`;
}

/** Every key prefix in the table (admin ones included), longest first: masking uses the owner's. */
export function allKeyPrefixes(providers: Iterable<Provider>): string[] {
  const all = new Set<string>();
  for (const p of providers) for (const prefix of [...p.keyPrefixes, ...(p.adminKeyPrefixes ?? [])]) all.add(prefix);
  return [...all].sort((a, b) => b.length - a.length);
}

/** The owner of the longest prefix the key starts with, or undefined when no provider claims it. */
export function ownerOfKey(key: string, providers: Iterable<Provider>): KeyOwner | undefined {
  let best: { prefix: string; owners: Provider[]; admin: boolean } | undefined;
  for (const provider of providers) {
    const claims = [
      ...provider.keyPrefixes.map((prefix) => ({ prefix, admin: false })),
      ...(provider.adminKeyPrefixes ?? []).map((prefix) => ({ prefix, admin: true })),
    ];
    for (const { prefix, admin } of claims) {
      if (!key.startsWith(prefix)) continue;
      if (!best || prefix.length > best.prefix.length) best = { prefix, owners: [provider], admin };
      else if (prefix.length === best.prefix.length && !best.owners.includes(provider)) best.owners.push(provider);
    }
  }
  return best;
}

/** Why a key should not be stored for a profile, and the command that fits instead. */
export interface KeyProblem {
  readonly message: string;
  readonly hint?: string;
}

/**
 * Null when the key fits the provider, else the problem: an admin key (refused outside `--admin`),
 * another provider's key (naming it and `loginFor(owner)`), or a key without the expected prefix.
 */
export function keyProblem(
  provider: Provider,
  key: string,
  providers: Iterable<Provider>,
  loginFor: (owner: Provider, admin: boolean) => string,
): KeyProblem | null {
  const owner = ownerOfKey(key, providers);
  if (owner && !owner.owners.includes(provider)) {
    const other = owner.owners[0]!;
    const what = owner.admin ? `${withArticle(other.id)} admin key` : `${withArticle(other.id)} key`;
    return {
      message: `this looks like ${what} ("${owner.prefix}…"), not ${withArticle(provider.id)} key`,
      hint: loginFor(other, owner.admin),
    };
  }
  if (owner?.admin) {
    return {
      message: `this is ${withArticle(provider.id)} admin key ("${owner.prefix}…"): it manages the organization and is never handed to tools`,
      hint: loginFor(provider, true),
    };
  }
  if (owner || (provider.keyPrefixes.length === 0 && !provider.keyPattern) || provider.keyPattern?.test(key)) return null;
  const expected = provider.keyPrefixes.map((p) => `"${p}"`).join(' or ');
  return { message: `this does not look like ${withArticle(provider.id)} key: it should start with ${expected}` };
}
