/**
 * docker: `credHelpers` entries `"<registry>": "port42"` in ~/.docker/config.json
 * ($DOCKER_CONFIG/config.json when set) for the hosts of the profiles' `match` URLs; docker then
 * runs `docker-credential-port42` for those registries only.
 */
import { join } from 'node:path';
import type { Context } from '../context.ts';
import type { Profile } from '../config/types.ts';
import { editOrRefuse, fileChange, shown, type SettingsFile, textBeforeSetup, undoChange, readJsonSettings } from './file-change.ts';
import { getJsonValue, isEmptyJsonObject, removeJsonMember, setJsonValue } from './json-edit.ts';
import { plan, type Consumer, type SetupPlan, type SetupRequest, type Wiring } from './types.ts';

const HELPER = 'port42';

const configPath = (ctx: Context): string => join(ctx.env.DOCKER_CONFIG || join(ctx.home, '.docker'), 'config.json');

/** The registry hosts (with port) of the profiles' match URLs. */
function registries(profiles: readonly Profile[]): string[] {
  const hosts = new Set<string>();
  for (const url of profiles.flatMap((p) => p.match)) {
    try {
      hosts.add(new URL(url).host);
    } catch {
      // The config loader already refuses URLs that do not parse.
    }
  }
  return [...hosts];
}

const readSettings = (ctx: Context): Promise<SettingsFile> => readJsonSettings(ctx, configPath(ctx), false);

function helpersIn(text: string | undefined): Record<string, unknown> {
  const value = text === undefined ? undefined : getJsonValue(text, ['credHelpers']);
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

async function planSetup({ ctx, profiles }: SetupRequest): Promise<SetupPlan> {
  const file = await readSettings(ctx);
  const hosts = registries(profiles);
  const notes: string[] = [];
  const current = helpersIn(file.text);
  let after = file.text ?? '';
  for (const host of hosts) {
    if (typeof current[host] === 'string' && current[host] !== HELPER)
      notes.push(`replacing credHelpers "${host}": "${String(current[host])}"`);
    after = editOrRefuse(ctx, file, () => setJsonValue(after, ['credHelpers', host], HELPER));
  }
  const what = hosts.map((h) => `credHelpers "${h}": "port42"`).join(', ');
  const wired = Object.values(current).includes(HELPER);
  return plan(
    [fileChange(ctx, file, after, what, { wired })],
    `docker already asks port42 for ${hosts.join(', ')} (${shown(ctx, file.path)})`,
    notes,
  );
}

async function planUndo({ ctx, profiles }: SetupRequest): Promise<SetupPlan> {
  const file = await readSettings(ctx);
  const only = new Set(registries(profiles));
  const hosts = Object.entries(helpersIn(file.text))
    .filter(([host, helper]) => helper === HELPER && (only.size === 0 || only.has(host)))
    .map(([host]) => host);
  const nothing = `docker has no credHelpers entry for port42 in ${shown(ctx, file.path)}; nothing to remove`;
  if (file.text === undefined || hosts.length === 0) return plan([], nothing);
  // A registry's helper that setup replaced goes back in; port42's own entries go.
  const replaced = helpersIn(await textBeforeSetup(ctx, file));
  let after = file.text;
  for (const host of hosts) {
    const previous = replaced[host];
    after =
      typeof previous === 'string' && previous !== HELPER
        ? setJsonValue(after, ['credHelpers', host], previous)
        : removeJsonMember(after, ['credHelpers', host]);
  }
  if (isEmptyJsonObject(after, ['credHelpers'])) after = removeJsonMember(after, ['credHelpers']);
  return plan([undoChange(ctx, file, after, `removed credHelpers for ${hosts.join(', ')}`)], nothing);
}

async function wiring(ctx: Context): Promise<Wiring> {
  const file = await readSettings(ctx);
  const where = shown(ctx, file.path);
  if (file.text === undefined) return { wired: false, detail: `no ${where}` };
  if (getJsonValue(file.text, ['credsStore']) === HELPER) return { wired: true, detail: `credsStore = "port42" in ${where}` };
  const hosts = Object.entries(helpersIn(file.text))
    .filter(([, helper]) => helper === HELPER)
    .map(([host]) => host);
  if (hosts.length > 0) return { wired: true, detail: `credHelpers for ${hosts.join(', ')} in ${where}` };
  return { wired: false, detail: `no credHelpers entry for port42 in ${where}` };
}

/** The docker consumer. */
export const docker: Consumer = {
  id: 'docker',
  program: 'docker',
  profiles: { kind: 'matching' },
  plan: planSetup,
  planUndo,
  wiring,
};
