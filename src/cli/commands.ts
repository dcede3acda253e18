/**
 * The command table: every verb, its positionals and options, as data. The fast parser (hot
 * verbs), yargs (everything else, help) and the shell completions are all built from it.
 */
import type { Context } from '../context.ts';
import type { ParsedArgs } from './args.ts';
// The hot verbs are imported statically so that they and their dependencies land in the entry
// chunk: one file to load instead of a dozen small shared chunks. Everything else stays lazy.
import { runAuthToken } from '../verbs/auth-token.ts';
import { runEnv } from '../verbs/env.ts';
import { runExec } from '../verbs/exec.ts';
import { runHelper } from '../verbs/helper.ts';
// Not called by other programs, but its imports are nearly all hot already: ~3 KB more here
// spares `auth status` node's ESM loader and a dozen cold chunks (~8 ms).
import { runAuthStatus } from '../verbs/auth-status.ts';

/** One option of a command. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean' | 'number';
  readonly describe: string;
  readonly choices?: readonly string[];
  /** May be given more than once. */
  readonly multiple?: boolean;
}

/** One positional of a command; all positionals are optional unless `required`. */
export interface PositionalSpec {
  readonly name: string;
  readonly describe: string;
  readonly variadic?: boolean;
  readonly required?: boolean;
  /** Completed with profile names from the config. */
  readonly completeProfiles?: boolean;
  /** The values shells complete; the command itself checks what it accepts. */
  readonly choices?: readonly string[];
}

/** A runnable command. */
export interface CommandSpec {
  readonly path: readonly string[];
  readonly describe: string;
  readonly positionals: readonly PositionalSpec[];
  readonly options: Readonly<Record<string, OptionSpec>>;
  /**
   * Called by other programs (apiKeyHelper, git, shells): its code is imported statically so that
   * it is in the one-file hot bundle; every other verb is loaded from dist/cold/ on demand.
   */
  readonly hot?: boolean;
  /** Takes a command after `--`. */
  readonly takesRest?: boolean;
  /** 1–3 examples for its help: [command line, what it does]. Optional, so every entry compiles without. */
  readonly examples?: readonly (readonly [command: string, description: string])[];
  readonly run: (ctx: Context, args: ParsedArgs) => Promise<number>;
}

/** Options every command accepts. */
export const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  profile: { type: 'string', describe: 'profile to use (else PORT42_PROFILE, .port42.toml, default)' },
};

const profileArg: PositionalSpec = { name: 'profile', describe: 'profile name', completeProfiles: true };
const modelOption: OptionSpec = { type: 'string', describe: "model to use (exported as the provider's model variable)" };
const SHELLS = ['bash', 'zsh', 'sh', 'ksh', 'fish', 'tcsh', 'elvish', 'pwsh', 'nu', 'json', 'dotenv', 'gha'] as const;

type Examples = readonly (readonly [string, string])[];

const PROFILE_EXAMPLES: Readonly<Record<'list' | 'show' | 'add' | 'remove' | 'use', Examples>> = {
  list: [['port42 profile list', 'the profiles; * marks the active one']],
  show: [['port42 profile show work --json', "one profile's settings"]],
  add: [
    ['port42 profile add work --provider openai', 'a profile for a stored OpenAI key'],
    ['port42 profile add team --provider anthropic --auth command -- pass show ai/anthropic', 'a key from pass'],
  ],
  remove: [['port42 profile remove old --yes', 'remove without asking (scripts)']],
  use: [['port42 profile use work', 'make work the default']],
};

const MODEL_EXAMPLES: Readonly<Record<'list' | 'info' | 'set', Examples>> = {
  list: [['port42 model list --provider anthropic', "anthropic's models"]],
  info: [['port42 model info gpt-4.1', 'prices, context window, profiles']],
  set: [['port42 model set gpt-4.1 --profile work', "work's default model"]],
};

// The verbs other programs and shells call, built at load: findCommand looks here first. The
// full table below is built on first use only (its ~180 object literals cost ~0.15 ms of each start).
const AUTH_TOKEN: CommandSpec = {
  path: ['auth', 'token'],
  examples: [
    ['port42 auth token work', 'print the key (Claude Code apiKeyHelper, Codex auth.command)'],
    ['port42 auth token --model gpt-4.1', 'the profile that serves this model'],
  ],
  describe: 'print exactly the secret and a newline (for apiKeyHelper, auth.command)',
  positionals: [profileArg],
  options: {
    model: modelOption,
    'min-ttl': { type: 'number', describe: 'OAuth: seconds the token must stay valid (default 360)' },
  },
  hot: true,
  run: runAuthToken,
};

const ENV: CommandSpec = {
  path: ['env'],
  examples: [
    ['eval "$(port42 env work)"', "export the profile's variables here"],
    ['port42 env work --shell fish | source', 'fish'],
    ['port42 env work --shell dotenv > .env.local', 'a dotenv file'],
  ],
  describe: "print shell code that exports the profile's variables",
  positionals: [profileArg],
  options: {
    shell: { type: 'string', describe: 'target shell or format (default from $SHELL)', choices: SHELLS },
    unset: { type: 'boolean', describe: 'print code that removes the variables' },
    model: modelOption,
    hook: { type: 'boolean', describe: 'for the shell hook: apply the nearest .port42.toml, undo it on leaving' },
    'github-env': { type: 'string', describe: 'with --shell gha: the file to append to (default $GITHUB_ENV)' },
  },
  hot: true,
  run: runEnv,
};

const EXEC: CommandSpec = {
  path: ['exec'],
  examples: [
    ['port42 exec work -- codex', 'run codex with the work key'],
    ['port42 exec --model claude-sonnet-4 -- claude', 'the profile that serves this model'],
    ['port42 exec --proxy work -- claude', 'secretless: the child gets a loopback URL, never the key'],
  ],
  describe: "run a command with the profile's variables: port42 exec work -- cmd args",
  positionals: [profileArg],
  options: {
    model: modelOption,
    proxy: { type: 'boolean', describe: 'secretless: the child gets a loopback proxy URL and a placeholder, never the key' },
    'no-proxy': { type: 'boolean', describe: 'hand out the secret even when the profile sets proxy = true' },
  },
  hot: true,
  takesRest: true,
  run: runExec,
};

const HELPER: CommandSpec = {
  path: ['helper'],
  examples: [["git config --global credential.https://llm.example.com.helper '!port42 helper'", 'let git ask port42']],
  describe: 'git credential helper (credential.helper = "!port42 helper"): request on stdin, answer on stdout',
  positionals: [
    {
      name: 'action',
      describe: "get | store | erase | capability; git's other actions are ignored",
      choices: ['get', 'store', 'erase', 'capability'],
    },
  ],
  options: {},
  hot: true,
  run: runHelper,
};

const DOCKER_HELPER: CommandSpec = {
  path: ['docker-helper'],
  examples: [['echo \'{"credsStore": "port42"}\' > ~/.docker/config.json', 'let docker ask port42']],
  describe: 'docker credential helper (run as docker-credential-port42; "credsStore": "port42")',
  positionals: [
    { name: 'action', describe: 'get | store | erase | list | version', choices: ['get', 'store', 'erase', 'list', 'version'] },
  ],
  options: {},
  hot: true,
  run: async (ctx, args) => (await import('../verbs/docker-helper.ts')).runDockerHelper(ctx, args),
};

const HOOK: CommandSpec = {
  path: ['hook'],
  examples: [['echo \'eval "$(port42 hook bash)"\' >> ~/.bashrc', 'apply .port42.toml on cd']],
  describe: 'print the shell hook that applies .port42.toml on cd: eval "$(port42 hook bash)"',
  positionals: [{ name: 'shell', describe: 'bash | zsh | fish', required: true, choices: ['bash', 'zsh', 'fish'] }],
  options: {},
  hot: true,
  run: async (ctx, args) => (await import('../verbs/hook.ts')).runHook(ctx, args),
};

const COMPLETION: CommandSpec = {
  path: ['completion'],
  examples: [['port42 completion bash > ~/.local/share/bash-completion/completions/port42', 'bash completions']],
  describe: 'print the completion script for a shell: source <(port42 completion bash)',
  positionals: [{ name: 'shell', describe: 'bash | zsh | fish | pwsh', required: true, choices: ['bash', 'zsh', 'fish', 'pwsh'] }],
  options: {},
  hot: true,
  run: async (ctx, args) => (await import('../verbs/completion.ts')).runCompletion(ctx, args, allCommands()),
};

/** The hot verbs, matched before the full table is built. */
const HOT_COMMANDS: readonly CommandSpec[] = [AUTH_TOKEN, ENV, EXEC, HELPER, DOCKER_HELPER, HOOK, COMPLETION];

let allCommandsBuilt: readonly CommandSpec[] | undefined;

/** Every command port42 has, in help and completion order (built on first use). */
export function allCommands(): readonly CommandSpec[] {
  return (allCommandsBuilt ??= buildAllCommands());
}

function buildAllCommands(): readonly CommandSpec[] {
  return [
    {
      path: ['auth', 'login'],
      examples: [
        ['printf %s "$OPENAI_API_KEY" | port42 auth login work', 'store a key piped on stdin'],
        ['port42 auth login work --verify', 'ask for the key on the terminal and check it'],
        ['port42 auth login gateway --device', 'OAuth login with a device code'],
      ],
      describe: "store a profile's credential (API key from a hidden prompt or stdin; OAuth login)",
      positionals: [profileArg],
      options: {
        device: { type: 'boolean', describe: 'OAuth: use the device-code flow' },
        'no-browser': { type: 'boolean', describe: 'OAuth: print the URL instead of opening a browser' },
        verify: { type: 'boolean', describe: 'check the key with the provider before storing it' },
        force: { type: 'boolean', describe: 'store a key even if its prefix looks wrong' },
        admin: { type: 'boolean', describe: 'store an organization admin key for port42 usage (kept apart, never exported)' },
      },
      run: async (ctx, args) => (await import('../verbs/auth-login.ts')).runAuthLogin(ctx, args),
    },
    {
      path: ['auth', 'logout'],
      examples: [['port42 auth logout work', 'forget the stored key']],
      describe: "forget a profile's credential (OAuth: revoke it first)",
      positionals: [profileArg],
      options: { 'no-revoke': { type: 'boolean', describe: 'OAuth: do not revoke at the issuer' } },
      run: async (ctx, args) => (await import('../verbs/auth-logout.ts')).runAuthLogout(ctx, args),
    },
    {
      path: ['auth', 'status'],
      examples: [
        ['port42 auth status', 'every profile'],
        ['port42 auth status work --check', 'ask the provider whether the key works'],
        ['port42 auth status --json', 'for scripts'],
      ],
      describe: "show each profile's state (table on a terminal, TSV when piped)",
      positionals: [{ ...profileArg, variadic: true }],
      options: {
        json: { type: 'boolean', describe: 'print a JSON array' },
        check: { type: 'boolean', describe: 'ask each provider whether the key works (network)' },
      },
      run: runAuthStatus,
    },
    AUTH_TOKEN,
    ENV,
    EXEC,
    {
      path: ['proxy'],
      examples: [
        ['port42 proxy work', "serve work's upstream on 127.0.0.1; the key never leaves port42"],
        ['port42 proxy work --shell dotenv --port 8042', 'a fixed port, the exports as dotenv'],
      ],
      describe: 'secretless: run the loopback proxy in the foreground and print the exports for consumers',
      positionals: [profileArg],
      options: {
        port: { type: 'number', describe: 'port on 127.0.0.1 (default 0: any free port)' },
        shell: { type: 'string', describe: 'format of the printed exports (default from $SHELL)', choices: SHELLS },
      },
      run: async (ctx, args) => (await import('../verbs/proxy.ts')).runProxy(ctx, args),
    },
    ...(['list', 'show', 'add', 'remove', 'use'] as const).map((action): CommandSpec => ({
      path: ['profile', action],
      describe: {
        list: 'list profiles (* marks the active one)',
        show: "show a profile's settings (never its secret)",
        add: 'add a profile: port42 profile add work --provider openai [-- program args for auth=command]',
        remove: 'remove a profile and its stored secrets',
        use: 'make a profile the default',
      }[action],
      positionals: action === 'list' ? [] : [{ ...profileArg, required: action !== 'show' }],
      options:
        action === 'add'
          ? {
              provider: { type: 'string', describe: 'provider id (openai, anthropic, … or a custom one)' },
              auth: {
                type: 'string',
                describe: 'api-key | oauth | command | env | none',
                choices: ['api-key', 'oauth', 'command', 'env', 'none'],
              },
              model: { type: 'string', describe: 'default model' },
              'base-url': { type: 'string', describe: 'API base URL' },
              'from-env': { type: 'string', describe: 'auth=env: the variable to read' },
              username: { type: 'string', describe: 'username for git/docker helpers' },
              match: { type: 'string', describe: 'URL this profile serves in helper protocols', multiple: true },
            }
          : action === 'list' || action === 'show'
            ? { json: { type: 'boolean', describe: 'print JSON' } }
            : action === 'remove'
              ? {
                  'keep-secret': { type: 'boolean', describe: 'leave the stored secret in the store' },
                  yes: { type: 'boolean', describe: 'do not ask (needed without a terminal)' },
                }
              : action === 'use'
                ? { here: { type: 'boolean', describe: 'only in this directory: write .port42.toml here (trusted as written)' } }
                : {},
      takesRest: action === 'add',
      examples: PROFILE_EXAMPLES[action],
      run: async (ctx, args) => (await import('../verbs/profile.ts')).runProfile(ctx, args, action),
    })),
    HELPER,
    DOCKER_HELPER,
    HOOK,
    {
      path: ['trust'],
      examples: [
        ['port42 trust', 'trust the nearest .port42.toml as it is now'],
        ['port42 trust --list', 'every trusted file and its state'],
      ],
      describe: 'let the .port42.toml of a directory choose the profile (like direnv allow); --list shows them',
      positionals: [{ name: 'dir', describe: 'the directory holding .port42.toml (default: the nearest one)' }],
      options: { list: { type: 'boolean', describe: 'list trusted files: trusted, changed, missing or unsafe' } },
      run: async (ctx, args) => (await import('../verbs/trust.ts')).runTrust(ctx, args, 'trust'),
    },
    {
      path: ['untrust'],
      examples: [['port42 untrust ~/src/project', "that directory's file stops counting"]],
      describe: 'stop trusting the .port42.toml of a directory',
      positionals: [{ name: 'dir', describe: 'the directory holding .port42.toml (default: the nearest one)' }],
      options: {},
      run: async (ctx, args) => (await import('../verbs/trust.ts')).runTrust(ctx, args, 'untrust'),
    },
    COMPLETION,
    ...(['list', 'info', 'set'] as const).map((action): CommandSpec => ({
      path: ['model', action],
      describe: {
        list: 'list the models each provider serves: ✓ a profile can use it now, ⚠ it needs a login',
        info: 'show a model: provider, aliases, context window, prices, the profiles that serve it',
        set: "set a profile's default model (env and exec export it): port42 model set gpt-5 --profile work",
      }[action],
      positionals: action === 'list' ? [] : [{ name: 'model', describe: 'model id or alias', required: true }],
      options:
        action === 'set'
          ? { force: { type: 'boolean', describe: 'store a model port42 does not list for the provider' } }
          : { provider: { type: 'string', describe: "only this provider's models" }, json: { type: 'boolean', describe: 'print JSON' } },
      examples: MODEL_EXAMPLES[action],
      run: async (ctx, args) => (await import('../verbs/model.ts')).runModel(ctx, args, action),
    })),
    {
      path: ['auth', 'rotate'],
      examples: [
        ['printf %s "$NEW_KEY" | port42 auth rotate work', 'switch to a new key, keep the old one'],
        ['port42 auth rotate work --restore', 'go back to the previous key'],
      ],
      describe: 'replace a stored API key with a new one, keeping the old one as previous',
      positionals: [profileArg],
      options: {
        restore: { type: 'boolean', describe: 'swap the previous key back in (the current one becomes previous)' },
        force: { type: 'boolean', describe: 'accept a key even if its prefix looks wrong' },
      },
      run: async (ctx, args) => (await import('../verbs/auth-rotate.ts')).runAuthRotate(ctx, args),
    },
    {
      path: ['profile', 'import-env'],
      examples: [['port42 profile import-env', 'move OPENAI_API_KEY & co. into the store']],
      describe: 'move provider keys from the environment (OPENAI_API_KEY, …) into the store, one profile each',
      positionals: [],
      options: { yes: { type: 'boolean', describe: 'do it without asking' } },
      run: async (ctx, args) => (await import('../verbs/import-env.ts')).runImportEnv(ctx, args),
    },
    {
      path: ['usage'],
      examples: [
        ['port42 usage', 'releases per profile this month'],
        ['port42 usage work --month 2026-10 --json', 'one profile, one month, JSON'],
      ],
      describe: "releases per profile this month (audit trail) and, with an admin key, the provider's cost",
      positionals: [profileArg],
      options: {
        month: { type: 'string', describe: 'month as YYYY-MM (default: this month, UTC)' },
        json: { type: 'boolean', describe: 'print a JSON array' },
      },
      run: async (ctx, args) => (await import('../verbs/usage.ts')).runUsage(ctx, args),
    },
    {
      path: ['audit'],
      examples: [['port42 audit --since 7d', 'what was handed out this week']],
      describe: 'show who got which secret, when and where (filter with --since 7d, --profile p)',
      positionals: [],
      options: {
        since: { type: 'string', describe: 'only releases in the last 30m, 12h, 7d, 2w…' },
        json: { type: 'boolean', describe: 'print a JSON array' },
      },
      run: async (ctx, args) => (await import('../verbs/audit.ts')).runAudit(ctx, args),
    },
    {
      path: ['setup'],
      describe: 'wire a tool to port42 by editing its own config (diff with --dry-run, --undo removes it)',
      positionals: [
        {
          name: 'consumer',
          describe: 'claude-code | codex | gemini | git | docker | shell',
          required: true,
          choices: ['claude-code', 'codex', 'gemini', 'git', 'docker', 'shell'],
        },
        { ...profileArg, describe: 'profile to wire (git, docker: default all profiles with match URLs)' },
      ],
      options: {
        'dry-run': { type: 'boolean', describe: 'print the diff (or git commands) and write nothing' },
        undo: { type: 'boolean', describe: 'remove what setup added' },
        project: { type: 'boolean', describe: "claude-code: the project's .claude/settings.json instead of the user's" },
        shell: { type: 'string', describe: 'shell: bash | zsh | fish (default from $SHELL)', choices: ['bash', 'zsh', 'fish'] },
      },
      examples: [
        ['port42 setup claude-code work', 'Claude Code asks port42 for the key of profile work'],
        ['port42 setup codex work --dry-run', 'show the change to ~/.codex/config.toml, write nothing'],
        ['port42 setup git --undo', 'remove the credential helpers setup added'],
      ],
      run: async (ctx, args) => (await import('../verbs/setup.ts')).runSetup(ctx, args),
    },
    {
      path: ['unlock'],
      describe: 'unlock the encrypted file store for a while: an agent holds the key (passphrase from stdin or a prompt)',
      positionals: [],
      options: {
        idle: { type: 'string', describe: 'lock after this long unused: 2s, 30m, 12h (default 30m)' },
        max: { type: 'string', describe: 'lock after this long in any case (default 12h)' },
        status: { type: 'boolean', describe: 'only say whether the file store is unlocked, and for how long' },
      },
      examples: [
        ['port42 unlock', 'ask for the passphrase once; later commands need neither it nor PORT42_PASSPHRASE'],
        ['printf %s "$PW" | port42 unlock --idle 2h', 'from a script, locking after 2 hours unused'],
        ['port42 unlock --status', 'say whether the file store is unlocked and for how long'],
      ],
      run: async (ctx, args) => (await import('../verbs/unlock.ts')).runUnlock(ctx, args),
    },
    {
      path: ['lock'],
      describe: 'lock the encrypted file store now: the agent forgets the key and exits',
      positionals: [],
      options: {},
      examples: [['port42 lock', 'forget the key now; the hot verbs exit 5 until the next unlock']],
      run: async (ctx) => (await import('../verbs/lock.ts')).runLock(ctx),
    },
    {
      path: ['doctor'],
      examples: [['port42 doctor', 'check everything and print the fixes']],
      describe: 'check the config, the secret store, each profile and the clock, with the fix for each problem',
      positionals: [],
      options: {},
      run: async (ctx) => (await import('../verbs/doctor.ts')).runDoctor(ctx),
    },
  ];
}

function findIn(commands: readonly CommandSpec[], argv: readonly string[]): { spec: CommandSpec; consumed: number } | undefined {
  for (const spec of commands) {
    if (spec.path.every((word, i) => argv[i] === word)) return { spec, consumed: spec.path.length };
  }
  return undefined;
}

/** The command whose path starts argv, with the words it consumed. */
export function findCommand(argv: readonly string[]): { spec: CommandSpec; consumed: number } | undefined {
  return findIn(HOT_COMMANDS, argv) ?? findIn(allCommands(), argv);
}
