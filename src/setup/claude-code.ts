/**
 * Claude Code: `apiKeyHelper = "port42 auth token <profile>"` (and `env.ANTHROPIC_BASE_URL` for a
 * gateway profile) in ~/.claude/settings.json ($CLAUDE_CONFIG_DIR/settings.json when set), or in
 * the project's .claude/settings.json with --project.
 */
import { join } from 'node:path';
import type { Context } from '../context.ts';
import type { Profile } from '../config/types.ts';
import { editOrRefuse, fileChange, shown, textBeforeSetup, undoChange, type SettingsFile, readJsonSettings } from './file-change.ts';
import { getJsonValue, isEmptyJsonObject, removeJsonMember, setJsonValue } from './json-edit.ts';
import { plan, type Consumer, type SetupPlan, type SetupRequest, type Wiring } from './types.ts';

const HELPER = /^port42 auth token(?: ([A-Za-z0-9][A-Za-z0-9._-]*))?$/;

function settingsPath(ctx: Context, project: boolean): string {
  if (project) return join(ctx.cwd, '.claude', 'settings.json');
  return join(ctx.env.CLAUDE_CONFIG_DIR || join(ctx.home, '.claude'), 'settings.json');
}

/** The base URL Claude Code must use for a profile: its own when it differs from the provider's. */
function gatewayUrl(profile: Profile): string | undefined {
  return profile.baseUrl && profile.baseUrl !== profile.provider.defaultBaseUrl ? profile.baseUrl : undefined;
}

const readSettings = (ctx: Context, project: boolean): Promise<SettingsFile> => readJsonSettings(ctx, settingsPath(ctx, project), false);

async function planSetup({ ctx, profiles, project }: SetupRequest): Promise<SetupPlan> {
  const profile = profiles[0]!;
  const file = await readSettings(ctx, project);
  const helper = `port42 auth token ${profile.name}`;
  const notes: string[] = [];
  if (profile.provider.id !== 'anthropic' && !gatewayUrl(profile))
    notes.push(`profile "${profile.name}" uses provider ${profile.provider.id}; Claude Code speaks the Anthropic API`);
  const before = file.text ?? '';
  const previous = getJsonValue(before, ['apiKeyHelper']);
  // The old command is not shown: people put `echo sk-…` there. The backup keeps it for --undo.
  if (typeof previous === 'string' && previous !== helper && !HELPER.test(previous))
    notes.push('replacing the existing apiKeyHelper (port42 setup --undo claude-code puts it back)');
  const url = gatewayUrl(profile);
  const after = editOrRefuse(ctx, file, () => {
    const text = setJsonValue(before, ['apiKeyHelper'], helper);
    return url ? setJsonValue(text, ['env', 'ANTHROPIC_BASE_URL'], url) : text;
  });
  const what = `apiKeyHelper = "${helper}"${url ? `, env.ANTHROPIC_BASE_URL = "${url}"` : ''}`;
  return plan(
    // A helper of port42's own (another profile) means the backup already holds the version before it.
    [fileChange(ctx, file, after, what, { wired: typeof previous === 'string' && HELPER.test(previous) })],
    `Claude Code already asks port42 for "${profile.name}" (${shown(ctx, file.path)})`,
    notes,
  );
}

async function planUndo({ ctx, config, profiles, project }: SetupRequest): Promise<SetupPlan> {
  const file = await readSettings(ctx, project);
  const nothing = `Claude Code does not ask port42 in ${shown(ctx, file.path)}; nothing to remove`;
  if (file.text === undefined) return plan([], nothing);
  const helper = getJsonValue(file.text, ['apiKeyHelper']);
  const name = typeof helper === 'string' ? HELPER.exec(helper)?.[1] : undefined;
  if (name === undefined || (profiles.length > 0 && !profiles.some((p) => p.name === name))) return plan([], nothing);
  // A helper that setup replaced goes back in; otherwise the key goes.
  const before = await textBeforeSetup(ctx, file);
  const replaced = before === undefined ? undefined : getJsonValue(before, ['apiKeyHelper']);
  const restore = typeof replaced === 'string' && !HELPER.test(replaced) ? replaced : undefined;
  let after = restore === undefined ? removeJsonMember(file.text, ['apiKeyHelper']) : setJsonValue(file.text, ['apiKeyHelper'], restore);
  const profile = config.profiles.get(name);
  const url = profile && gatewayUrl(profile);
  if (url && getJsonValue(after, ['env', 'ANTHROPIC_BASE_URL']) === url) {
    after = removeJsonMember(after, ['env', 'ANTHROPIC_BASE_URL']);
    if (isEmptyJsonObject(after, ['env'])) after = removeJsonMember(after, ['env']);
  }
  return plan(
    [
      undoChange(
        ctx,
        file,
        after,
        `removed apiKeyHelper "${String(helper)}"${restore === undefined ? '' : ', put back the one from before setup'}${url ? ', removed env.ANTHROPIC_BASE_URL' : ''}`,
      ),
    ],
    nothing,
  );
}

async function wiring(ctx: Context): Promise<Wiring> {
  for (const project of [true, false]) {
    const file = await readSettings(ctx, project);
    if (file.text === undefined) continue;
    const helper = getJsonValue(file.text, ['apiKeyHelper']);
    const name = typeof helper === 'string' ? HELPER.exec(helper) : null;
    if (name)
      return { wired: true, detail: `apiKeyHelper = "${helper}" in ${shown(ctx, file.path)}`, ...(name[1] ? { profile: name[1] } : {}) };
  }
  return { wired: false, detail: `no port42 apiKeyHelper in ${shown(ctx, settingsPath(ctx, false))}` };
}

/** The Claude Code consumer. */
export const claudeCode: Consumer = {
  id: 'claude-code',
  program: 'claude',
  profiles: { kind: 'one', fallback: 'anthropic', perDirectory: (project) => project },
  plan: planSetup,
  planUndo,
  wiring,
};
