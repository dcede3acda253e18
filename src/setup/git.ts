/**
 * git: `credential.<url>.helper = !port42 helper` in the global git config for each `match` URL
 * of the profiles, through `git config --global` itself, like `gh auth setup-git`: an empty value
 * first resets the helper list for that URL, so that no other helper answers before port42.
 */
import type { Context } from '../context.ts';
import { failure } from '../errors.ts';
import { quotePosixWord } from '../shells/sh.ts';
import { plan, type Change, type Consumer, type SetupPlan, type SetupRequest, type Wiring } from './types.ts';

/** The helper value setup writes (README "git credential helper"). */
export const GIT_HELPER = '!port42 helper';
const TIMEOUT_MS = 10_000;

const keyFor = (url: string): string => `credential.${url.replace(/\/+$/, '')}.helper`;

async function git(ctx: Context, args: readonly string[]): Promise<{ code: number; stdout: string }> {
  const result = await ctx.runProgram(['git', ...args], { timeoutMs: TIMEOUT_MS, env: ctx.env });
  if (result.exitCode === 127) throw failure('git is not on PATH', 'sudo apt-get install git');
  if (result.timedOut) throw failure(`git ${args.join(' ')} did not answer within ${TIMEOUT_MS / 1000} s`);
  // git config exits 1 when a key is absent: an answer, not a failure.
  if (result.exitCode !== 0 && result.exitCode !== 1) throw failure(`git ${args.join(' ')} failed: ${result.stderr.trim()}`);
  return { code: result.exitCode, stdout: result.stdout };
}

function gitChange(ctx: Context, args: readonly string[], done: string): Change {
  return {
    preview: ['git', ...args].map(quotePosixWord).join(' ') + '\n',
    done,
    async apply() {
      const { code } = await git(ctx, args);
      if (code !== 0) throw failure(`git ${args.join(' ')} failed`);
    },
  };
}

async function helpersOf(ctx: Context, key: string): Promise<string[]> {
  const { code, stdout } = await git(ctx, ['config', '--global', '--get-all', key]);
  return code === 0 ? stdout.replace(/\n$/, '').split('\n') : [];
}

async function planSetup({ ctx, profiles }: SetupRequest): Promise<SetupPlan> {
  const changes: Change[] = [];
  const notes: string[] = [];
  const urls = [...new Set(profiles.flatMap((p) => p.match))];
  for (const url of urls) {
    const key = keyFor(url);
    const helpers = await helpersOf(ctx, key);
    if (helpers.includes(GIT_HELPER)) continue;
    if (helpers.length === 0) changes.push(gitChange(ctx, ['config', '--global', key, ''], `reset the credential helpers for ${url}`));
    else {
      // Not their text: an inline helper (`!f() { echo password=…; }; f`) may hold a secret.
      const others = helpers.filter(Boolean).length;
      notes.push(`${url} already has ${others} other helper${others === 1 ? '' : 's'}; git asks them before port42`);
    }
    changes.push(gitChange(ctx, ['config', '--global', '--add', key, GIT_HELPER], `git asks port42 for ${url}`));
  }
  return plan(changes, `git already asks port42 for ${urls.join(', ')}`, notes);
}

/** Every global `credential.<url>.<variable>` entry, grouped by URL: [variable, value] pairs in file order. */
async function urlSections(ctx: Context): Promise<Map<string, [string, string][]>> {
  const { code, stdout } = await git(ctx, ['config', '--global', '--get-regexp', '^credential\\..+\\.']);
  const sections = new Map<string, [string, string][]>();
  if (code !== 0) return sections;
  for (const line of stdout.split('\n')) {
    const space = line.indexOf(' ');
    const key = space === -1 ? line : line.slice(0, space);
    const dot = key.lastIndexOf('.');
    if (!key.startsWith('credential.') || dot <= 'credential.'.length) continue;
    const url = key.slice('credential.'.length, dot);
    sections.set(url, [...(sections.get(url) ?? []), [key.slice(dot + 1), space === -1 ? '' : line.slice(space + 1)]]);
  }
  return sections;
}

async function planUndo({ ctx, profiles }: SetupRequest): Promise<SetupPlan> {
  const only = new Set(profiles.flatMap((p) => p.match).map((url) => keyFor(url)));
  const changes: Change[] = [];
  for (const [url, entries] of await urlSections(ctx)) {
    const key = keyFor(url);
    const helpers = entries.filter(([variable]) => variable === 'helper').map(([, value]) => value);
    if (!helpers.includes(GIT_HELPER) || (only.size > 0 && !only.has(key))) continue;
    const done = `git no longer asks port42 for ${url}`;
    // Exactly what setup added (a reset and port42, alone in the section): remove the section.
    if (entries.length === 2 && helpers.length === 2 && helpers[0] === '' && helpers[1] === GIT_HELPER)
      changes.push(gitChange(ctx, ['config', '--global', '--remove-section', `credential.${url}`], done));
    else changes.push(gitChange(ctx, ['config', '--global', '--unset-all', key, '^!port42 helper$'], done));
  }
  return plan(changes, 'git has no credential helper from port42 setup; nothing to remove');
}

async function wiring(ctx: Context): Promise<Wiring> {
  const { code, stdout } = await git(ctx, ['config', '--global', '--get-regexp', '^credential\\.']);
  const lines = code === 0 ? stdout.split('\n').filter((l) => /\.helper .*port42/.test(l)) : [];
  if (lines.length > 0) return { wired: true, detail: lines.map((l) => l.replace(' ', ' = ')).join('; ') };
  return { wired: false, detail: 'no credential helper in the global git config asks port42' };
}

/** The git consumer. */
export const gitConsumer: Consumer = {
  id: 'git',
  program: 'git',
  profiles: { kind: 'matching' },
  plan: planSetup,
  planUndo,
  wiring,
};
