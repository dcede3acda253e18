/**
 * In-process `port42 setup` on real files: a Context whose fs is node's and whose HOME is a fresh
 * temporary directory, with the test's config written into it. Programs run for real (git).
 */
import * as fsp from 'node:fs/promises';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { runProgram } from '../../src/cli/child-processes.ts';
import type { Context } from '../../src/context.ts';
import { createTestContext } from '../support/test-context.ts';

/** A temporary HOME and a way to run port42 in it. */
export interface SetupHome {
  readonly home: string;
  /** Writes a file under HOME (creating directories). */
  write(path: string, text: string): void;
  /** Reads a file under HOME, or undefined. */
  read(path: string): string | undefined;
  /** Runs `port42 ...args` in-process; stdout and stderr are captured. */
  run(args: readonly string[], env?: Record<string, string>, cwd?: string): Promise<{ code: number; stdout: string; stderr: string }>;
  cleanup(): void;
}

/** Creates a HOME with `config` as port42's config. */
export function setupHome(config: string): SetupHome {
  const home = mkdtempSync(join(tmpdir(), 'port42-setup-'));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(home, path)), { recursive: true });
    writeFileSync(join(home, path), text);
  };
  write('.config/port42/config.toml', config);
  return {
    home,
    write,
    read(path) {
      try {
        return readFileSync(join(home, path), 'utf8');
      } catch {
        return undefined;
      }
    },
    async run(args, env = {}, cwd = home) {
      const t = createTestContext();
      const ctx: Context = {
        ...t.ctx,
        fs: fsp,
        home,
        cwd,
        env: { HOME: home, PATH: process.env.PATH ?? '/usr/bin:/bin', GIT_CONFIG_NOSYSTEM: '1', ...env },
        runProgram,
      };
      const code = await main(ctx, args);
      return { code, stdout: t.stdout.text, stderr: t.stderr.text };
    },
    cleanup() {
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** A config with an anthropic profile, a gateway profile and an openai profile with match URLs. */
export const SETUP_CONFIG = `default = "work"

[profiles.work]
provider = "anthropic"

[profiles.gateway]
provider = "anthropic"
base_url = "https://llm.corp.example/anthropic"

[profiles.oa]
provider = "openai"
match = ["https://registry.corp.example:5000", "https://llm.corp.example/v1"]

[profiles.gem]
provider = "gemini"
`;
