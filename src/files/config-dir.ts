/**
 * The config's directory and permissions. The config holds no secret, but it names the commands
 * port42 runs and the URLs it sends keys to: whoever can write it can steer both. So port42
 * creates its directory 0700 and warns (without refusing: the user may share it on purpose)
 * when the file or its directory is writable by others or belongs to someone else.
 */
import { dirname } from 'node:path';
import type { Context, FileSystem } from '../context.ts';
import { PRIVATE_DIR_MODE, effectiveUid, octal } from './private-dir.ts';

/** Creates the config directory (0700 whatever the umask) if it is missing; an existing one is left as it is. */
export async function ensureConfigDir(fs: FileSystem, dir: string): Promise<void> {
  try {
    await fs.lstat(dir);
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await fs.mkdir(dirname(dir), { recursive: true });
  try {
    await fs.mkdir(dir, { mode: PRIVATE_DIR_MODE });
    await fs.chmod(dir, PRIVATE_DIR_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/** Whether a mode lets others write: o+w, or g+w for a group other than the user's own. */
export function writableByOthers(mode: number, gid: number): boolean {
  if ((mode & 0o002) !== 0) return true;
  const egid = typeof process.getegid === 'function' ? process.getegid() : undefined;
  return (mode & 0o020) !== 0 && egid !== undefined && gid !== egid;
}

/** Warnings (each `port42: warning: …` plus a `  run:` line) about who else can change `path`. */
export async function configPermissionWarnings(fs: FileSystem, path: string): Promise<string[]> {
  const euid = effectiveUid();
  if (euid === undefined) return [];
  const warnings: string[] = [];
  const targets = [
    ['the config', path],
    ['the config directory', dirname(path)],
  ] as const;
  // Both at once: this runs on every hot call that reads a config.
  const stats = await Promise.all(targets.map(([, target]) => fs.stat(target).catch(() => undefined)));
  const why = 'whoever can change it chooses the commands port42 runs and where it sends keys';
  for (const [i, [what, target]] of targets.entries()) {
    const st = stats[i];
    if (!st) continue;
    if (st.uid !== euid && st.uid !== 0) {
      warnings.push(
        `port42: warning: ${what} ${target} belongs to uid ${st.uid}, not to you; ${why}\n  run: sudo chown ${euid} ${target}\n`,
      );
    } else if (writableByOthers(st.mode, st.gid)) {
      warnings.push(
        `port42: warning: ${what} ${target} is writable by other users (mode ${octal(st.mode)}); ${why}\n  run: chmod go-w ${target}\n`,
      );
    }
  }
  return warnings;
}

/**
 * Config files already warned about, per file system: one warning per process. (Not per stderr:
 * the verbs people type get a redacting stderr wrapper, and the warning came out twice.)
 */
const warned = new WeakMap<object, Set<string>>();

/** Prints configPermissionWarnings once per process and config file. Never throws. */
export async function warnAboutConfigPermissions(ctx: Pick<Context, 'fs' | 'stderr'>, path: string): Promise<void> {
  let seen = warned.get(ctx.fs);
  if (!seen) warned.set(ctx.fs, (seen = new Set()));
  if (seen.has(path)) return;
  seen.add(path);
  for (const warning of await configPermissionWarnings(ctx.fs, path).catch(() => [])) ctx.stderr.write(warning);
}
