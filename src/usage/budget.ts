/**
 * The budget warning on every release: when a profile with `budget_usd` has, by the last cost
 * `port42 usage` fetched, spent 80 % or 100 % of it this month. Reads the cache only — never the
 * network — and never fails the release.
 */
import type { Context } from '../context.ts';
import type { Profile } from '../config/types.ts';
import { readCostCache } from './cost-cache.ts';
import { monthOf } from './month.ts';

/** Shares of the budget that warn. */
export const BUDGET_WARN_AT = 0.8;

/** The warning for this spend, or undefined below 80 %. */
export function budgetWarning(profile: string, usd: number, budgetUsd: number, month: string, fetchedAt: number): string | undefined {
  const share = usd / budgetUsd;
  if (!(share >= BUDGET_WARN_AT)) return undefined;
  const percent = Math.floor(share * 100);
  const asOf = new Date(fetchedAt).toISOString().slice(0, 16).replace('T', ' ');
  const spent = `$${usd.toFixed(2)} of $${budgetUsd} in ${month} (${percent} %, as of ${asOf} UTC)`;
  return share >= 1
    ? `warning: profile "${profile}" is over its budget: ${spent}`
    : `warning: profile "${profile}" has used ${percent} % of its budget: ${spent}`;
}

/** Prints the budget warning on stderr when the cached cost of this month calls for one. */
export async function warnAboutBudget(ctx: Context, profile: Profile): Promise<void> {
  if (profile.budgetUsd === undefined) return;
  const month = monthOf(ctx.now()).label;
  const cached = await readCostCache(ctx, profile.name, month);
  if (!cached) return;
  const message = budgetWarning(profile.name, cached.usd, profile.budgetUsd, month, cached.fetchedAt);
  if (message) ctx.stderr.write(`port42: ${message}\n`);
}
