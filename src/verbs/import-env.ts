/**
 * `port42 profile import-env [--yes]`: moves provider keys from the environment into the store.
 * One profile per provider variable found (named after the provider, or `<id>-env` when that name
 * holds something else). The secret is stored before the profile is written to the config, so a
 * run that stops half way loses nothing and the next run finishes the job.
 */
import type { Context } from '../context.ts';
import type { Config } from '../config/types.ts';
import type { Provider } from '../providers/table.ts';
import { note } from '../context.ts';
import { booleanOption, type ParsedArgs } from '../cli/args.ts';
import { loadConfig } from '../config/load.ts';
import { appendProfile, editConfig, tomlString } from '../config/edit.ts';
import { Port42Error, usageError } from '../errors.ts';
import { keyProblem } from '../keys/key-owner.ts';
import { openStore } from '../stores/open-store.ts';
import { accountFor, type SecretStore } from '../stores/types.ts';

/** A provider key found in the environment. */
interface Found {
  readonly provider: Provider;
  readonly variable: string;
  readonly value: string;
  /** Other variables of the same provider holding the same key (deletable too). */
  readonly sameKey: readonly string[];
  /** Other variables of the same provider holding a different key (left alone). */
  readonly otherKey: readonly string[];
}

/** What one run does with a found key. */
type Step =
  | { readonly found: Found; readonly action: 'create' | 'fill' | 'done'; readonly name: string }
  | { readonly found: Found; readonly action: 'conflict'; readonly names: readonly string[] };

function findKeys(ctx: Context, config: Config): Found[] {
  const found: Found[] = [];
  for (const provider of config.providers.values()) {
    const names = [provider.keyEnv, ...(provider.aliasKeyEnvs ?? [])];
    // A value with a line break or NUL is not one key: leave it for the user to look at.
    const set = names.filter((n) => (ctx.env[n] ?? '').trim() !== '' && !/[\0\r\n]/.test((ctx.env[n] ?? '').trim()));
    const first = set[0];
    if (first === undefined) continue;
    const value = (ctx.env[first] ?? '').trim();
    const rest = set.slice(1);
    found.push({
      provider,
      variable: first,
      value,
      sameKey: rest.filter((n) => (ctx.env[n] ?? '').trim() === value),
      otherKey: rest.filter((n) => (ctx.env[n] ?? '').trim() !== value),
    });
  }
  return found;
}

/** Picks the profile for a key: the provider's id, else `<id>-env`; never one holding another key. */
async function planStep(config: Config, store: SecretStore, found: Found): Promise<Step> {
  const names = [found.provider.id, `${found.provider.id}-env`];
  for (const name of names) {
    const existing = config.profiles.get(name);
    const declared = existing !== undefined && !existing.implicit;
    if (declared && (existing.provider.id !== found.provider.id || existing.auth !== 'api-key')) continue;
    const stored = await store.get(accountFor.secret(name));
    if (stored === found.value) return { found, action: declared ? 'done' : 'create', name };
    if (stored === undefined) return { found, action: declared ? 'fill' : 'create', name };
    // Another key lives under this name (a profile's own, or one kept by `profile remove --keep-secret`).
  }
  return { found, action: 'conflict', names };
}

function describeStep(step: Step): string {
  const variable = step.found.variable.padEnd(22);
  switch (step.action) {
    case 'create':
      return `  ${variable} → new profile "${step.name}" (provider ${step.found.provider.id})`;
    case 'fill':
      return `  ${variable} → profile "${step.name}" (it has no key stored yet)`;
    case 'done':
      return `  ${variable} → already in profile "${step.name}": nothing to do`;
    case 'conflict':
      return `  ${variable} → not imported: ${step.names.map((n) => `"${n}"`).join(' and ')} hold other keys (port42 profile add <name> --provider ${step.found.provider.id})`;
  }
}

async function confirm(ctx: Context, count: number, yes: boolean): Promise<void> {
  if (yes) return;
  if (!ctx.stdin.isTTY)
    throw usageError(
      `nothing was changed: confirm with --yes to import ${count === 1 ? 'this key' : `these ${count} keys`}`,
      'port42 profile import-env --yes',
    );
  const answer = await ctx.prompt(`Import ${count === 1 ? 'this key' : `these ${count} keys`}? [y/N] `, { hidden: false });
  if (!/^\s*y(es)?\s*$/i.test(answer)) throw new Port42Error('cancelled', 'cancelled; nothing was changed');
}

/** Runs `profile import-env`. Throws usage (2) when it would need --yes and has no terminal, cancelled (130) on "no". */
export async function runImportEnv(ctx: Context, args: ParsedArgs): Promise<number> {
  const config = await loadConfig(ctx);
  const found = findKeys(ctx, config);
  if (found.length === 0) {
    const looked = [...config.providers.values()].map((p) => p.keyEnv).join(', ');
    note(ctx, `no provider keys in the environment (looked for ${looked})`);
    return 0;
  }
  const store = await openStore(ctx, config.store);
  const steps: Step[] = [];
  for (const f of found) steps.push(await planStep(config, store, f));
  ctx.stderr.write(`port42: provider keys in the environment:\n${steps.map(describeStep).join('\n')}\n`);
  for (const f of found) {
    if (f.otherKey.length > 0)
      note(ctx, `${f.otherKey.join(', ')} ${f.otherKey.length > 1 ? 'hold' : 'holds'} a different ${f.provider.id} key: left alone`);
    const problem = keyProblem(f.provider, f.value, config.providers.values(), (owner) => `port42 auth login ${owner.id}`);
    if (problem) note(ctx, `note: $${f.variable}: ${problem.message} (imported as it is)`);
  }
  const work = steps.filter((s): s is Extract<Step, { name: string }> => s.action === 'create' || s.action === 'fill');
  if (work.length > 0) await confirm(ctx, work.length, booleanOption(args, 'yes'));
  for (const step of work) {
    // Secret first: if the config write never happens, the next run finds the key and adds the profile.
    await store.set(accountFor.secret(step.name), step.found.value);
    if (step.action === 'create') {
      const keys: [string, string][] = [['provider', tomlString(step.found.provider.id)]];
      if (step.found.provider.keylessOnLoopback) keys.push(['auth', tomlString('api-key')]);
      await editConfig(ctx, (text) => appendProfile(text, step.name, keys));
    }
  }
  if (work.length > 0)
    note(ctx, `imported ${work.length} key${work.length > 1 ? 's' : ''} into the ${store.kind === 'file' ? 'encrypted file' : store.kind}`);
  const deletable = steps.filter((s) => s.action !== 'conflict').flatMap((s) => [s.found.variable, ...s.found.sameKey]);
  if (deletable.length > 0) {
    note(ctx, 'these variables are now in the store: delete their lines from your shell start-up files and unset them:');
    ctx.stderr.write(deletable.map((v) => `  ${v}\n`).join(''));
    ctx.stderr.write(`  run: grep -nE '${deletable.join('|')}' ~/.bashrc ~/.zshrc ~/.profile ~/.config/fish/config.fish 2>/dev/null\n`);
  }
  return steps.some((s) => s.action === 'conflict') ? 1 : 0;
}
