/**
 * Codex: `[model_providers.<profile>]` (name, base_url) with `[model_providers.<profile>.auth]`
 * command = "port42", args = ["auth", "token", "<profile>"], and the top-level `model_provider`,
 * in $CODEX_HOME/config.toml (default ~/.codex). The file is edited line by line so that the
 * user's comments survive; the result is parsed and compared with what was meant, key by key.
 */
import { join } from 'node:path';
import type { Context } from '../context.ts';
import type { Profile } from '../config/types.ts';
import { parseToml } from '../config/toml.ts';
import { configError, failure, Port42Error } from '../errors.ts';
import { fileChange, readSettingsFile, shown, textBeforeSetup, undoChange, type SettingsFile } from './file-change.ts';
import { ensureTable, removeTable, removeTopLevelKey, setTopLevelKey, tomlLiteral } from './toml-edit.ts';
import { plan, type Consumer, type SetupPlan, type SetupRequest, type Wiring } from './types.ts';

type Table = Record<string, unknown>;
const PROVIDERS = 'model_providers';
/** The keys setup writes into `[model_providers.<profile>]`. */
const SETUP_KEYS = new Set(['name', 'base_url', 'auth']);

const configPath = (ctx: Context): string => join(ctx.env.CODEX_HOME || join(ctx.home, '.codex'), 'config.toml');

/** Parses as plain data (JSON round trip: comparable, dates as strings). Throws config (3) when it does not parse. */
function parse(ctx: Context, file: SettingsFile, text: string): Table {
  try {
    return JSON.parse(JSON.stringify(parseToml(text, file.path, ctx.home))) as Table;
  } catch (error) {
    if (error instanceof Port42Error) throw configError(`${error.message}; port42 left the file as it is`, error.hint);
    throw error;
  }
}

/** Parses a backup, or undefined when it does not parse (an old backup is only a hint). */
function parseQuietly(ctx: Context, file: SettingsFile, text: string): Table | undefined {
  try {
    return parse(ctx, file, text);
  } catch {
    return undefined;
  }
}

const tableAt = (data: Table, key: string): Table =>
  typeof data[key] === 'object' && data[key] !== null && !Array.isArray(data[key]) ? (data[key] as Table) : {};

function authArgs(name: string): string[] {
  return ['auth', 'token', name];
}

function isPort42Provider(entry: unknown): boolean {
  return typeof entry === 'object' && entry !== null && tableAt(entry as Table, 'auth').command === 'port42';
}

/** Fails (1) unless the edited text means exactly `expected`: the line edits met a layout they do not handle. */
function verify(ctx: Context, file: SettingsFile, after: string, expected: Table, snippet: string): void {
  let actual: Table | undefined;
  try {
    actual = parse(ctx, file, after);
  } catch {
    actual = undefined;
  }
  if (actual === undefined || JSON.stringify(sortKeys(actual)) !== JSON.stringify(sortKeys(expected))) {
    throw failure(
      `${shown(ctx, file.path)} is laid out in a way port42 cannot edit without touching other settings; nothing was written. Edit it by hand:\n${snippet}`,
    );
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys((value as Table)[k])]),
  );
}

async function planSetup({ ctx, profiles }: SetupRequest): Promise<SetupPlan> {
  const profile: Profile = profiles[0]!;
  const id = profile.name;
  const file = await readSettingsFile(ctx, configPath(ctx));
  const before = file.text ?? '';
  const data = parse(ctx, file, before);
  const existing = tableAt(tableAt(data, PROVIDERS), id);
  const notes: string[] = [];
  const main: [string, string][] = [];
  if (existing.name === undefined) main.push(['name', `${id} via port42`]);
  // The profile's base_url wins; without one, a base_url already in the table is the user's choice.
  const baseUrl = profile.baseUrl ?? (typeof existing.base_url === 'string' ? existing.base_url : profile.provider.defaultBaseUrl);
  main.push(['base_url', baseUrl]);
  const auth: [string, string | string[]][] = [
    ['command', 'port42'],
    ['args', authArgs(id)],
  ];
  if (typeof data.model_provider === 'string' && data.model_provider !== id)
    notes.push(`replacing model_provider = "${data.model_provider}"`);
  if (!['openai', 'azure-openai'].includes(profile.provider.id) && !profile.baseUrl)
    notes.push(`profile "${id}" uses provider ${profile.provider.id}: check that ${baseUrl} serves the OpenAI API Codex speaks`);

  let after = setTopLevelKey(before, 'model_provider', tomlLiteral(id));
  after = ensureTable(
    after,
    [PROVIDERS, id],
    main.map(([k, v]) => [k, tomlLiteral(v)]),
  );
  after = ensureTable(
    after,
    [PROVIDERS, id, 'auth'],
    auth.map(([k, v]) => [k, tomlLiteral(v)]),
    [PROVIDERS, id],
  );

  const expected = JSON.parse(JSON.stringify(data)) as Table;
  expected.model_provider = id;
  const providers = (expected[PROVIDERS] = tableAt(expected, PROVIDERS));
  const entry = (providers[id] = { ...tableAt(providers, id), ...Object.fromEntries(main) });
  entry.auth = { ...tableAt(entry, 'auth'), ...Object.fromEntries(auth) };
  const snippet = `model_provider = "${id}"\n\n[model_providers.${id}]\nbase_url = "${baseUrl}"\n\n[model_providers.${id}.auth]\ncommand = "port42"\nargs = ${tomlLiteral(authArgs(id))}`;
  verify(ctx, file, after, expected, snippet);
  return plan(
    [
      fileChange(ctx, file, after, `model_provider = "${id}", [model_providers.${id}] asks port42`, {
        wired: Object.values(tableAt(data, PROVIDERS)).some(isPort42Provider),
      }),
    ],
    `Codex already asks port42 for "${id}" (${shown(ctx, file.path)})`,
    notes,
  );
}

async function planUndo({ ctx, profiles }: SetupRequest): Promise<SetupPlan> {
  const file = await readSettingsFile(ctx, configPath(ctx));
  const nothing = `Codex has no provider that asks port42 in ${shown(ctx, file.path)}; nothing to remove`;
  if (file.text === undefined) return plan([], nothing);
  const data = parse(ctx, file, file.text);
  const providers = tableAt(data, PROVIDERS);
  const ids = Object.keys(providers).filter(
    (id) => isPort42Provider(providers[id]) && (profiles.length === 0 || profiles.some((p) => p.name === id)),
  );
  if (ids.length === 0) return plan([], nothing);
  let after = file.text;
  const expected = JSON.parse(JSON.stringify(data)) as Table;
  const left = tableAt(expected, PROVIDERS);
  for (const id of ids) {
    after = removeTable(after, [PROVIDERS, id, 'auth']);
    // A table holding more than setup writes was the user's before: only its auth goes.
    if (Object.keys(tableAt(providers, id)).every((key) => SETUP_KEYS.has(key))) {
      after = removeTable(after, [PROVIDERS, id]);
      delete left[id];
    } else delete tableAt(left, id).auth;
  }
  // An emptied [model_providers.*] family disappears, unless the file spells out [model_providers] itself.
  if (Object.keys(left).length === 0 && !/^\s*\[\s*model_providers\s*\]/m.test(after)) delete expected[PROVIDERS];
  if (typeof data.model_provider === 'string' && ids.includes(data.model_provider)) {
    // The provider that setup replaced goes back in, when it is not one of port42's own.
    const before = await textBeforeSetup(ctx, file);
    const replaced = before === undefined ? undefined : parseQuietly(ctx, file, before)?.model_provider;
    if (typeof replaced === 'string' && !ids.includes(replaced)) {
      after = setTopLevelKey(after, 'model_provider', tomlLiteral(replaced));
      expected.model_provider = replaced;
    } else {
      after = removeTopLevelKey(after, 'model_provider');
      delete expected.model_provider;
    }
  }
  verify(ctx, file, after, expected, ids.map((id) => `remove [model_providers.${id}] and [model_providers.${id}.auth]`).join('\n'));
  return plan([undoChange(ctx, file, after, `removed ${ids.map((id) => `[model_providers.${id}]`).join(', ')}`)], nothing);
}

async function wiring(ctx: Context): Promise<Wiring> {
  const file = await readSettingsFile(ctx, configPath(ctx));
  const where = shown(ctx, file.path);
  if (file.text === undefined) return { wired: false, detail: `no ${where}` };
  const data = parse(ctx, file, file.text);
  const id = data.model_provider;
  if (typeof id === 'string' && isPort42Provider(tableAt(data, PROVIDERS)[id]))
    return { wired: true, detail: `model_provider = "${id}" asks port42 in ${where}`, profile: id };
  return { wired: false, detail: `model_provider in ${where} does not ask port42` };
}

/** The Codex consumer. */
export const codex: Consumer = {
  id: 'codex',
  program: 'codex',
  profiles: { kind: 'one', fallback: 'openai', perDirectory: () => false },
  plan: planSetup,
  planUndo,
  wiring,
};
