/** What every consumer of `port42 setup` provides: a plan of changes, its undo, and a wiring check for doctor. */
import type { Context } from '../context.ts';
import type { Config, Profile } from '../config/types.ts';

/** The consumers `port42 setup` knows, in the order help lists them. */
export const CONSUMER_IDS = ['claude-code', 'codex', 'gemini', 'git', 'docker', 'shell'] as const;
export type ConsumerId = (typeof CONSUMER_IDS)[number];

/** One change to make: what `--dry-run` shows, and how to make it. */
export interface Change {
  /** A unified diff, or the command that would run. */
  readonly preview: string;
  apply(): Promise<void>;
  /** One line for stderr once applied: what was written where. */
  readonly done: string;
}

/** What a consumer would change, and notes for the user (printed on stderr whether or not anything changed). */
export interface SetupPlan {
  readonly changes: readonly Change[];
  /** Said when nothing changes (e.g. `Claude Code already asks port42 for "work"`). */
  readonly unchanged: string;
  readonly notes: readonly string[];
}

/** Everything a consumer needs to plan. */
export interface SetupRequest {
  readonly ctx: Context;
  readonly config: Config;
  /** The profiles to wire (git and docker may take several; the others one). Empty for shell and for undo of all. */
  readonly profiles: readonly Profile[];
  /** `--project`: the project's settings instead of the user's (Claude Code). */
  readonly project: boolean;
  /** `--shell` for the shell consumer. */
  readonly shell?: string;
}

/** Whether a consumer is wired to port42, for doctor. */
export interface Wiring {
  readonly wired: boolean;
  /** What was found, e.g. `apiKeyHelper = "port42 auth token work" in ~/.claude/settings.json`. */
  readonly detail: string;
  /** The profile the consumer asks for, when its configuration names one. */
  readonly profile?: string;
}

/** A consumer wired for one profile: PORT42_PROFILE, else the default, else `fallback` when the config has it. */
export interface OneProfile {
  readonly kind: 'one';
  readonly fallback: string;
  /**
   * Whether the settings written apply to the working directory only (Claude Code's --project).
   * Only then may a `.port42.toml` choose the profile: a repository's file must not steer the
   * user's global settings.
   */
  perDirectory(project: boolean): boolean;
}

/** One consumer. */
export interface Consumer {
  readonly id: ConsumerId;
  /** The program doctor looks for on PATH. */
  readonly program: string;
  /** How the profile is chosen when none is named: one (the default, else this built-in), all with `match`, or none. */
  readonly profiles: OneProfile | { readonly kind: 'matching' } | { readonly kind: 'none' };
  plan(request: SetupRequest): Promise<SetupPlan>;
  /** Removes what plan adds; restricted to `request.profiles` when any are named. */
  planUndo(request: SetupRequest): Promise<SetupPlan>;
  wiring(ctx: Context): Promise<Wiring>;
}

/** A plan from changes that may be undefined (nothing to do). */
export const plan = (changes: readonly (Change | undefined)[], unchanged: string, notes: readonly string[] = []): SetupPlan => ({
  changes: changes.filter((c): c is Change => c !== undefined),
  unchanged,
  notes,
});
