/** Renders model rows: the `model list` table (TTY), TSV (piped), JSON, and `model info` text. */
import type { ModelMark, ModelRow, ServingProfile } from './catalog.ts';

/** Version of the JSON objects `model list --json` and `model info --json` print. */
export const MODEL_JSON_VERSION = 1;

const MARKS: Readonly<Record<ModelMark, string>> = { ok: '✓', 'login-needed': '⚠', none: '-' };

/** A USD amount with at least two decimals: 3 → "$3.00", 0.075 → "$0.075". */
export function formatUsd(amount: number): string {
  const fixed = amount.toFixed(2);
  return `$${Number(fixed) === amount ? fixed : String(amount)}`;
}

/** "$3.00/$15.00" (input/output per million tokens), or "-" when the price is not fixed. */
export function formatPrice(input: number | undefined, output: number | undefined): string {
  if (input === undefined || output === undefined) return '-';
  return `${formatUsd(input)}/${formatUsd(output)}`;
}

/**
 * The command that makes a profile usable: its source's hint (a login), else a closer look —
 * sources give no hint when there is no command to run, e.g. an env profile whose variable is unset.
 */
export function hintFor(profile: ServingProfile): string {
  return profile.hint ?? `port42 auth status ${profile.name}`;
}

/** The profiles shown for a row: the usable ones when there are any, else all that serve it. */
function shownProfiles(row: ModelRow): string {
  const usable = row.profiles.filter((p) => p.usable);
  const names = (usable.length > 0 ? usable : row.profiles).map((p) => p.name);
  return names.length > 0 ? names.join(',') : '-';
}

/** The aligned table, with one `run: …` line after it per profile that needs a login. */
export function renderModelTable(rows: readonly ModelRow[]): string {
  const header = ['MODEL', 'PROVIDER', 'PROFILE', 'STATUS', 'PRICE'];
  const body = rows.map((row) => [
    row.model.id + (row.active ? '*' : ''),
    row.model.provider,
    shownProfiles(row),
    MARKS[row.mark],
    formatPrice(row.model.input, row.model.output),
  ]);
  const table = [header, ...body];
  const widths = header.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
  const lines = table.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
  const hints = new Set<string>();
  for (const row of rows) {
    if (row.mark !== 'login-needed') continue;
    for (const profile of row.profiles) hints.add(hintFor(profile));
  }
  for (const hint of hints) lines.push(`  run: ${hint}`);
  return lines.join('\n') + '\n';
}

/** Tab-separated rows, no header: model, provider, profiles, ok|login-needed|none, input, output, active. */
export function renderModelTsv(rows: readonly ModelRow[]): string {
  const price = (n: number | undefined) => (n === undefined ? '-' : String(n));
  return rows
    .map(
      (row) =>
        [
          row.model.id,
          row.model.provider,
          shownProfiles(row),
          row.mark,
          price(row.model.input),
          price(row.model.output),
          row.active ? '*' : '-',
        ].join('\t') + '\n',
    )
    .join('');
}

/** One JSON object per row (the schema is documented in the README). */
export function modelJson(row: ModelRow): Record<string, unknown> {
  const { model } = row;
  return {
    version: MODEL_JSON_VERSION,
    model: model.id,
    provider: model.provider,
    aliases: model.aliases,
    context_window: model.context ?? null,
    input_usd_per_mtok: model.input ?? null,
    output_usd_per_mtok: model.output ?? null,
    as_of: model.asOf ?? null,
    pricing_url: model.pricing ?? null,
    origin: model.origin,
    status: row.mark,
    active: row.active,
    profiles: row.profiles.map((p) => ({ name: p.name, state: p.state, usable: p.usable })),
  };
}

/** The JSON array. */
export function renderModelJson(rows: readonly ModelRow[]): string {
  return JSON.stringify(rows.map(modelJson), null, 2) + '\n';
}

/** `model info` as `key: value` lines, one block per provider that serves the model. */
export function renderModelInfo(rows: readonly ModelRow[], modelVariable: (provider: string) => string | undefined): string {
  return rows
    .map((row) => {
      const { model } = row;
      const lines = [`model: ${model.id}${row.active ? ' (active)' : ''}`, `provider: ${model.provider}`];
      if (model.aliases.length > 0) lines.push(`aliases: ${model.aliases.join(', ')}`);
      lines.push(`context: ${model.context === undefined ? '-' : `${model.context} tokens`}`);
      const price =
        model.input === undefined || model.output === undefined
          ? '-'
          : `${formatUsd(model.input)} input, ${formatUsd(model.output)} output per million tokens`;
      lines.push(`price: ${price}`);
      if (model.asOf) lines.push(`as of: ${model.asOf} (prices change: ${model.pricing ?? 'see the provider'})`);
      else lines.push('as of: - (from the config)');
      lines.push(`variable: ${modelVariable(model.provider) ?? '- (the provider has no standard model variable)'}`);
      if (row.profiles.length === 0) lines.push('profiles: - (no profile uses this provider)');
      else lines.push('profiles:', ...row.profiles.map((p) => `  ${p.name}: ${p.state}${p.usable ? '' : ` (run: ${hintFor(p)})`}`));
      return lines.join('\n') + '\n';
    })
    .join('\n');
}
