/**
 * Opening the sign-in URL: the program in $BROWSER (run without a shell, the URL as its only
 * argument), else the `open` package; and telling when no browser can be shown here.
 */
import { spawn } from 'node:child_process';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Why a browser cannot be opened on this machine (an SSH session, or Linux without a display),
 * or undefined. An explicit $BROWSER always wins: the user said how to open URLs (w3m over SSH).
 */
export function browserUnavailableReason(env: Env, platform: NodeJS.Platform): string | undefined {
  if (env.BROWSER) return undefined;
  if (env.SSH_CONNECTION || env.SSH_TTY) return 'this looks like an SSH session';
  const usesX = platform !== 'darwin' && platform !== 'win32';
  if (usesX && !env.DISPLAY && !env.WAYLAND_DISPLAY) return 'there is no graphical display (DISPLAY and WAYLAND_DISPLAY are unset)';
  return undefined;
}

/** The program named by $BROWSER: like xdg-utils, a ":"-separated list of which the first is used. */
export function browserProgram(env: Env): string | undefined {
  return env.BROWSER?.split(':').find((entry) => entry.trim() !== '');
}

function spawnDetached(program: string, url: string, env: Env): Promise<void> {
  return new Promise((resolve, reject) => {
    // Detached and unreferenced: the browser may outlive port42, and port42 never waits for it.
    const child = spawn(program, [url], { detached: true, stdio: 'ignore', shell: false, env: env as NodeJS.ProcessEnv });
    child.once('error', (error: NodeJS.ErrnoException) => reject(new Error(`${program}: ${error.code ?? error.message}`)));
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}

/** Starts a browser on `url`; resolves once it was launched (never waits for it to close). */
export async function launchBrowser(url: string, env: Env): Promise<void> {
  const program = browserProgram(env);
  if (program) return spawnDetached(program, url, env);
  // `open` costs ~25 ms to import and is only needed here (FACTS.md), so it is loaded on demand.
  const { default: open } = await import('open');
  const child = await open(url, { wait: false });
  await new Promise<void>((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => reject(new Error(error.code ?? error.message)));
    child.once('spawn', () => resolve());
    if (child.pid !== undefined) resolve();
  });
  child.unref();
}
