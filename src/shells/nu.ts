import { usageError } from '../errors.ts';
import { assertChanges } from './check.ts';
import { jsonMembers } from './json.ts';
import type { Shell } from './types.ts';

/**
 * Nushell cannot evaluate code from a pipe, so this emits data for nu's own commands. Setting
 * is a JSON record: `port42 env work --shell nu | from json | load-env`. Removing is a JSON list
 * of names: `port42 env --unset --shell nu | from json | hide-env -i ...$in`; a record member
 * of null would not do, because `load-env` sets the variable to nothing instead of removing it.
 * One output cannot do both, so changes that mix setting and removing are refused.
 */
export const nu: Shell = {
  name: 'nu',
  render(changes) {
    assertChanges(changes);
    const removals = changes.filter((change) => change.value === null);
    if (removals.length === 0) return `{${jsonMembers(changes).join(',')}}\n`;
    if (removals.length === changes.length) return `${JSON.stringify([...new Set(removals.map((c) => c.name))])}\n`;
    throw usageError('nu output cannot both set and remove variables in one go; set and unset them separately');
  },
};
