/** Where port42's files live (PRODUCT.md "Files"). */
import { isAbsolute, join } from 'node:path';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * An XDG base directory variable's value when it is usable: absolute. The XDG spec calls a relative
 * value invalid; resolved against the working directory it would name a different place for every
 * process (the unlock agent runs in /), so it is ignored as if unset.
 */
export function xdgBase(value: string | undefined): string | undefined {
  return value && isAbsolute(value) ? value : undefined;
}

/** The config file: $PORT42_CONFIG, else $XDG_CONFIG_HOME/port42/config.toml, else ~/.config/port42/config.toml. */
export function configPath(env: Env, home: string): string {
  if (env.PORT42_CONFIG) return env.PORT42_CONFIG;
  const base = xdgBase(env.XDG_CONFIG_HOME) ?? join(home, '.config');
  return join(base, 'port42', 'config.toml');
}

/** The state directory (encrypted store, locks, audit log, caches): $XDG_STATE_HOME/port42 or ~/.local/state/port42. */
export function stateDir(env: Env, home: string): string {
  const base = xdgBase(env.XDG_STATE_HOME) ?? join(home, '.local', 'state');
  return join(base, 'port42');
}

/** The name of the per-directory settings file. */
export const DIRECTORY_FILE = '.port42.toml';
