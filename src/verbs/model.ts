/**
 * `port42 model list|info|set`: the models the providers serve, which profiles can use them now
 * (offline), and a profile's default model (stored in the config, exported by env and exec).
 */
import type { Context } from '../context.ts';
import type { Config } from '../config/types.ts';
import { note } from '../context.ts';
import { booleanOption, stringOption, type ParsedArgs } from '../cli/args.ts';
import { loadConfig } from '../config/load.ts';
import { appendProfile, editConfig, setProfileKey, tomlString } from '../config/edit.ts';
import { usageError } from '../errors.ts';
import { chooseProfile } from '../profiles/profile.ts';
import { checkModelForProfile } from '../profiles/model-select.ts';
import { activeModel, buildModelRows } from '../models/catalog.ts';
import { closestNames, isModelNamed, modelNames, quoteList, unknownModelError } from '../models/lookup.ts';
import { renderModelInfo, renderModelJson, renderModelTable, renderModelTsv } from '../models/render.ts';

/** The --provider filter, checked against the config's providers. Throws usage error (2). */
function providerFilter(config: Config, args: ParsedArgs): string | undefined {
  const id = stringOption(args, 'provider');
  if (id === undefined || config.providers.has(id)) return id;
  const ids = [...config.providers.keys()];
  const close = closestNames(id, ids);
  const didYouMean = close.length > 0 ? `; did you mean ${quoteList(close)}?` : '';
  throw usageError(`unknown provider "${id}"${didYouMean} (providers: ${ids.join(', ')})`);
}

async function list(ctx: Context, args: ParsedArgs): Promise<number> {
  const config = await loadConfig(ctx);
  const rows = await buildModelRows(ctx, config, providerFilter(config, args));
  if (booleanOption(args, 'json')) {
    ctx.stdout.write(renderModelJson(rows));
  } else if (ctx.stdout.isTTY) {
    ctx.stdout.write(renderModelTable(rows));
    const active = await activeModel(ctx, config);
    if (active) note(ctx, `* active model "${active.name}" (from ${active.from})`);
    note(ctx, 'PRICE is USD per million input/output tokens, list prices that change: see port42 model info <model>');
  } else {
    ctx.stdout.write(renderModelTsv(rows));
  }
  return 0;
}

async function info(ctx: Context, args: ParsedArgs): Promise<number> {
  const name = args.positionals[0];
  if (!name) throw usageError('name a model', 'port42 model info <model>');
  const config = await loadConfig(ctx);
  const provider = providerFilter(config, args);
  const rows = await buildModelRows(ctx, config, provider);
  const matching = rows.filter((row) => isModelNamed(row.model, name));
  if (matching.length === 0) {
    throw unknownModelError(
      name,
      modelNames(rows.map((row) => row.model)),
      provider ? ` for provider ${provider}` : '',
      provider ? `port42 model list --provider ${provider}` : 'port42 model list',
    );
  }
  if (booleanOption(args, 'json')) ctx.stdout.write(renderModelJson(matching));
  else ctx.stdout.write(renderModelInfo(matching, (id) => config.providers.get(id)?.modelEnv));
  return 0;
}

async function set(ctx: Context, args: ParsedArgs): Promise<number> {
  const name = args.positionals[0];
  if (!name) throw usageError('name a model', 'port42 model set <model> [--profile name]');
  (await import('../cli/mistakes/no-secret-in-config.ts')).refuseSecretsInConfig({ model: name });
  const config = await loadConfig(ctx);
  const { profile } = await chooseProfile(ctx, config, stringOption(args, 'profile'));
  if (!booleanOption(args, 'force')) checkModelForProfile(profile, name, config.providers.values());
  await editConfig(ctx, (text) =>
    profile.implicit
      ? // A built-in provider acting as a profile becomes a real one once it has settings.
        appendProfile(text, profile.name, [
          ['provider', tomlString(profile.provider.id)],
          ['auth', tomlString(profile.auth)],
          ['model', tomlString(name)],
        ])
      : setProfileKey(text, profile.name, 'model', tomlString(name)),
  );
  const variable = profile.provider.modelEnv;
  const exported = variable
    ? `env and exec export it as ${variable}`
    : `${profile.provider.id} has no standard model variable, so env and exec do not export it`;
  note(ctx, `profile "${profile.name}" now uses model "${name}" (${exported})`);
  return 0;
}

/** Runs `model <action>`. */
export async function runModel(ctx: Context, args: ParsedArgs, action: string): Promise<number> {
  switch (action) {
    case 'list':
      return list(ctx, args);
    case 'info':
      return info(ctx, args);
    case 'set':
      return set(ctx, args);
    default:
      throw usageError(`unknown model action "${action}"`, 'port42 model --help');
  }
}
