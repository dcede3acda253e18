/**
 * gemini-cli: `security.auth.selectedType = "gemini-api-key"` in ~/.gemini/settings.json
 * ($GEMINI_CLI_HOME/.gemini when set). gemini-cli 0.61 reads its key only from the environment,
 * so it runs as `port42 exec <profile> -- gemini`; without this setting a headless run with
 * GOOGLE_GEMINI_BASE_URL exits 41 (FACTS.md).
 */
import { join } from 'node:path';
import type { Context } from '../context.ts';
import { editOrRefuse, fileChange, shown, type SettingsFile, textBeforeSetup, undoChange, readJsonSettings } from './file-change.ts';
import { getJsonValue, isEmptyJsonObject, removeJsonMember, setJsonValue } from './json-edit.ts';
import { plan, type Consumer, type SetupPlan, type SetupRequest, type Wiring } from './types.ts';

const PATH = ['security', 'auth', 'selectedType'] as const;
const API_KEY = 'gemini-api-key';

const settingsPath = (ctx: Context): string => join(ctx.env.GEMINI_CLI_HOME || ctx.home, '.gemini', 'settings.json');

// gemini-cli strips comments from its settings, so they may be there.
const readSettings = (ctx: Context): Promise<SettingsFile> => readJsonSettings(ctx, settingsPath(ctx), true);

async function planSetup({ ctx, profiles }: SetupRequest): Promise<SetupPlan> {
  const profile = profiles[0]!;
  const file = await readSettings(ctx);
  const before = file.text ?? '';
  const notes: string[] = [];
  const previous = getJsonValue(before, PATH);
  if (typeof previous === 'string' && previous !== API_KEY) notes.push(`replacing security.auth.selectedType "${previous}"`);
  if (profile.provider.id !== 'gemini')
    notes.push(`profile "${profile.name}" uses provider ${profile.provider.id}; gemini-cli needs a Gemini key`);
  notes.push(`gemini-cli reads its key from the environment: run it as  port42 exec ${profile.name} -- gemini`);
  const after = editOrRefuse(ctx, file, () => setJsonValue(before, PATH, API_KEY));
  return plan(
    [fileChange(ctx, file, after, `security.auth.selectedType = "${API_KEY}"`, { wired: previous === API_KEY })],
    `gemini-cli already uses an API key (${shown(ctx, file.path)})`,
    notes,
  );
}

async function planUndo({ ctx }: SetupRequest): Promise<SetupPlan> {
  const file = await readSettings(ctx);
  const nothing = `${shown(ctx, file.path)} has no security.auth.selectedType = "${API_KEY}"; nothing to remove`;
  if (file.text === undefined || getJsonValue(file.text, PATH) !== API_KEY) return plan([], nothing);
  // An auth type that setup replaced (e.g. "oauth-personal") goes back in.
  const before = await textBeforeSetup(ctx, file);
  const replaced = before === undefined ? undefined : getJsonValue(before, PATH);
  if (typeof replaced === 'string' && replaced !== API_KEY) {
    const after = setJsonValue(file.text, PATH, replaced);
    return plan([undoChange(ctx, file, after, `put back security.auth.selectedType "${replaced}" from before setup`)], nothing);
  }
  let after = removeJsonMember(file.text, PATH);
  if (isEmptyJsonObject(after, ['security', 'auth'])) after = removeJsonMember(after, ['security', 'auth']);
  if (isEmptyJsonObject(after, ['security'])) after = removeJsonMember(after, ['security']);
  return plan([undoChange(ctx, file, after, 'removed security.auth.selectedType')], nothing);
}

async function wiring(ctx: Context): Promise<Wiring> {
  const file = await readSettings(ctx);
  const where = shown(ctx, file.path);
  const ok = file.text !== undefined && getJsonValue(file.text, PATH) === API_KEY;
  return ok
    ? { wired: true, detail: `${where} selects the API key (run gemini as port42 exec <profile> -- gemini)` }
    : { wired: false, detail: `${where} does not select security.auth.selectedType = "${API_KEY}"` };
}

/** The gemini-cli consumer. */
export const gemini: Consumer = {
  id: 'gemini',
  program: 'gemini',
  profiles: { kind: 'one', fallback: 'gemini', perDirectory: () => false },
  plan: planSetup,
  planUndo,
  wiring,
};
