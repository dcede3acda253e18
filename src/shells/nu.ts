import { usageError } from '../errors.ts';
import { jsonMembers } from './json.ts';
import type { Shell } from './types.ts';

/**
 * Nushell cannot evaluate code from a pipe, so this emits a JSON record for nu's own commands,
 * the same as the `json` target: a string sets a variable, null removes it.
 * Setting: `port42 env work --shell nu | from json | load-env`.
 * Removing: `port42 env --unset --shell nu | from json | columns | hide-env -i ...$in`.
 * `load-env` would set a null member to nothing rather than remove it, so one output cannot do
 * both, and changes that mix setting and removing are refused.
 */
export const nu: Shell = {
  name: 'nu',
  render(changes) {
    const members = jsonMembers(changes);
    const removals = changes.filter((change) => change.value === null).length;
    if (removals > 0 && removals < changes.length) {
      throw usageError('nu output cannot both set and remove variables in one go; set and unset them separately');
    }
    return `{${members.join(',')}}\n`;
  },
};
