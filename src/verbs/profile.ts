/** `port42 profile list|show|add|remove|use`: manage profiles in the config, keeping its comments. */
import type { Context } from '../context.ts';
import type { AuthType, Profile } from '../config/types.ts';
import { AUTH_TYPES } from '../config/types.ts';
import { booleanOption, stringOption, type ParsedArgs } from '../cli/args.ts';
import { loadConfig } from '../config/load.ts';
import { appendProfile, editConfig, removeProfile, setTopLevelKey, tomlString, tomlValue } from '../config/edit.ts';
import { implicitProfileName, profileByName } from '../profiles/profile.ts';
import { Port42Error, usageError } from '../errors.ts';
import { openStore } from '../stores/open-store.ts';
import { accountFor } from '../stores/types.ts';
import { note } from '../context.ts';
import { closest } from '../cli/mistakes/suggest.ts';
import { escapeControl } from '../terminal/escape.ts';

function describe(profile: Profile): Record<string, unknown> {
  return {
    name: profile.name,
    provider: profile.provider.id,
    auth: profile.auth,
    model: profile.model ?? null,
    base_url: profile.baseUrl ?? null,
    match: profile.match,
    env: profile.env,
    command: profile.command ?? null,
    from_env: profile.fromEnv ?? null,
    implicit: profile.implicit,
  };
}

async function list(ctx: Context, args: ParsedArgs): Promise<number> {
  const config = await loadConfig(ctx);
  const active = await implicitProfileName(ctx, config).catch(() => undefined);
  const profiles = [...config.profiles.values()];
  if (booleanOption(args, 'json')) {
    ctx.stdout.write(
      JSON.stringify(
        profiles.map((p) => ({ ...describe(p), active: p.name === active?.name })),
        null,
        2,
      ) + '\n',
    );
    return 0;
  }
  const rows = profiles.map((p) => [p.name === active?.name ? '*' : ' ', p.name, p.provider.id, p.auth, p.model ?? '-']);
  if (!ctx.stdout.isTTY) {
    ctx.stdout.write(rows.map((r) => r.slice(1).join('\t') + '\n').join(''));
    return 0;
  }
  const header = [' ', 'PROFILE', 'PROVIDER', 'AUTH', 'MODEL'];
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => (r[i] ?? '').length)));
  ctx.stdout.write(
    [header, ...rows]
      .map(
        (r) =>
          r
            .map((c, i) => c.padEnd(widths[i] ?? 0))
            .join(' ')
            .trimEnd() + '\n',
      )
      .join(''),
  );
  if (active) note(ctx, `* active profile "${escapeControl(active.name)}" (from ${active.origin})`);
  if (!config.exists) ctx.stderr.write(`port42: no config at ${config.path}: these are the built-in providers\n`);
  return 0;
}

async function show(ctx: Context, args: ParsedArgs): Promise<number> {
  const config = await loadConfig(ctx);
  const name = args.positionals[0] ?? (await implicitProfileName(ctx, config))?.name;
  if (!name) throw usageError('name a profile', 'port42 profile show <name>');
  const data = describe(profileByName(config, name));
  if (booleanOption(args, 'json')) ctx.stdout.write(JSON.stringify(data, null, 2) + '\n');
  else
    ctx.stdout.write(
      Object.entries(data)
        .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}\n`)
        .join(''),
    );
  return 0;
}

async function add(ctx: Context, args: ParsedArgs): Promise<number> {
  const name = args.positionals[0];
  const provider = stringOption(args, 'provider');
  if (!name || !provider) throw usageError('profile add needs a name and --provider', 'port42 profile add work --provider openai');
  const { refuseSecretsInConfig } = await import('../cli/mistakes/no-secret-in-config.ts');
  const matches =
    args.options.match === undefined ? [] : (Array.isArray(args.options.match) ? args.options.match : [args.options.match]).map(String);
  refuseSecretsInConfig({
    'profile name': name,
    '--model value': stringOption(args, 'model'),
    '--username value': stringOption(args, 'username'),
    '--base-url value': stringOption(args, 'base-url'),
    '--from-env value': stringOption(args, 'from-env'),
    ...Object.fromEntries(matches.map((value, i) => [`--match value ${i + 1}`, value])),
    // `-- pass show ai/key` goes into the config as command = [...]: a key among the words would too.
    ...Object.fromEntries(args.rest.map((word, i) => [`command word ${i + 1}`, word])),
  });
  const config = await loadConfig(ctx);
  if (config.exists && config.profiles.has(name) && !config.profiles.get(name)?.implicit) {
    throw usageError(`profile "${name}" already exists`, `port42 profile show ${name}`);
  }
  if (!config.providers.has(provider)) {
    const known = [...config.providers.keys()];
    const near = closest(provider, known);
    throw usageError(
      `unknown provider "${provider}"${near ? `; did you mean ${near}?` : `: use one of ${known.join(', ')}`}`,
      near ? `port42 profile add ${name} --provider ${near}` : `port42 profile add --help`,
    );
  }
  const auth = stringOption(args, 'auth');
  if (auth !== undefined && !AUTH_TYPES.includes(auth as AuthType)) throw usageError(`--auth must be one of ${AUTH_TYPES.join(', ')}`);
  const keys: [string, string][] = [['provider', tomlString(provider)]];
  if (auth) keys.push(['auth', tomlString(auth)]);
  for (const option of ['model', 'base-url', 'from-env', 'username'] as const) {
    const value = stringOption(args, option);
    if (value !== undefined) keys.push([option.replace('-', '_'), tomlString(value)]);
  }
  if (matches.length > 0) keys.push(['match', tomlValue(matches)]);
  if (args.rest.length > 0) keys.push(['command', tomlValue(args.rest)]);
  await editConfig(ctx, (text) => appendProfile(text, name, keys));
  note(ctx, `added profile "${name}" to ${config.path}`);
  if ((auth ?? 'api-key') === 'api-key') ctx.stderr.write(`  run: port42 auth login ${name}\n`);
  return 0;
}

/** Asks on a terminal before a removal (like gh); without one, only --yes may remove. Throws usage (2) or cancelled (130). */
async function confirmRemoval(ctx: Context, name: string, keepSecret: boolean): Promise<void> {
  if (!ctx.stdin.isTTY) {
    throw usageError(`profile remove asks before removing, and there is no terminal to ask on`, `port42 profile remove ${name} --yes`);
  }
  const what = keepSecret ? `profile "${name}"` : `profile "${name}" and its stored secrets`;
  const answer = await ctx.prompt(`Remove ${what}? [y/N] `, { hidden: false });
  if (!/^y(es)?$/i.test(answer.trim())) throw new Port42Error('cancelled', 'nothing was removed');
}

async function remove(ctx: Context, args: ParsedArgs): Promise<number> {
  const name = args.positionals[0];
  if (!name) throw usageError('name the profile to remove', 'port42 profile remove <name>');
  const config = await loadConfig(ctx);
  const profile = profileByName(config, name);
  if (profile.implicit) throw usageError(`"${name}" is a built-in provider, not a profile in ${config.path}`);
  if (!booleanOption(args, 'yes')) await confirmRemoval(ctx, name, booleanOption(args, 'keep-secret'));
  const deleteSecrets = async (): Promise<void> => {
    const store = await openStore(ctx, config.store);
    for (const account of Object.values(accountFor)) await store.delete(account(name));
  };
  await editConfig(ctx, {
    text: (text) => {
      let next = removeProfile(text, name);
      if (config.defaultProfile === name) next = next.replace(/^\s*default\s*=.*\n?/m, '');
      return next;
    },
    // Secrets go first, under the config lock: a profile removed from the config must not leave
    // its key behind, and a remove that never gets the lock deletes nothing.
    ...(booleanOption(args, 'keep-secret') ? {} : { beforeWrite: deleteSecrets }),
  });
  note(
    ctx,
    `removed profile "${name}"${booleanOption(args, 'keep-secret') ? ' (its stored secrets were kept)' : ' and its stored secrets'}`,
  );
  return 0;
}

async function use(ctx: Context, args: ParsedArgs): Promise<number> {
  const name = args.positionals[0];
  if (!name) throw usageError('name the profile to use by default', 'port42 profile use <name>');
  const config = await loadConfig(ctx);
  const profile = profileByName(config, name);
  if (booleanOption(args, 'here')) {
    const { writeDirectoryFile } = await import('../trust/write-directory-file.ts');
    const file = await writeDirectoryFile(ctx, ctx.cwd, profile.name);
    note(ctx, `profile "${profile.name}" is now used in ${ctx.cwd} and below (${file}, trusted as written)`);
    return 0;
  }
  const added = { provider: profile.provider.id, auth: profile.auth };
  await editConfig(ctx, {
    text: (text) => {
      const withDefault = setTopLevelKey(text, 'default', tomlString(name));
      // A built-in provider used as default must exist as a profile once the file names one.
      return profile.implicit
        ? appendProfile(withDefault, name, [
            ['provider', tomlString(added.provider)],
            ['auth', tomlString(added.auth)],
          ])
        : withDefault;
    },
    data: (raw) => ({ ...raw, default: name, ...(profile.implicit ? { profiles: { ...raw.profiles, [name]: added } } : {}) }),
  });
  note(ctx, `default profile is now "${name}"`);
  return 0;
}

/** Runs `profile <action>`. */
export async function runProfile(ctx: Context, args: ParsedArgs, action: string): Promise<number> {
  switch (action) {
    case 'list':
      return list(ctx, args);
    case 'show':
      return show(ctx, args);
    case 'add':
      return add(ctx, args);
    case 'remove':
      return remove(ctx, args);
    case 'use':
      return use(ctx, args);
    default:
      throw usageError(`unknown profile action "${action}"`, 'port42 profile --help');
  }
}
