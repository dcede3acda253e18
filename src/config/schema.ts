/**
 * The config file's schema (zod). Loaded lazily: the hot verbs read a validated copy from the
 * config cache and never load zod (FACTS.md: zod costs ~50 ms of start-up).
 */
import * as z from 'zod';
import { BUILTIN_PROVIDERS } from '../providers/table.ts';
import { quotedValue, unknownKeys, unknownProvider, valueAt, wrongType, wrongValue } from './issue-words.ts';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const envName = z.string().regex(ENV_NAME, 'must be a variable name: letters, digits and _, not starting with a digit');
const nonEmpty = z.string().min(1, 'must not be empty');

const oauthSchema = z.strictObject({
  preset: z.enum(['generic', 'google', 'entra']).optional(),
  issuer: nonEmpty.optional(),
  tenant: nonEmpty.optional(),
  client_id: nonEmpty.optional(),
  scopes: z.array(nonEmpty).optional(),
  flow: z.enum(['browser', 'device', 'client-credentials']).optional(),
  redirect_port: z.number().int().min(0).max(65535).optional(),
  audience: nonEmpty.optional(),
  authorization_endpoint: z.url().optional(),
  token_endpoint: z.url().optional(),
  device_authorization_endpoint: z.url().optional(),
  revocation_endpoint: z.url().optional(),
});

const profileSchema = z.strictObject({
  provider: nonEmpty,
  auth: z.enum(['api-key', 'oauth', 'command', 'env', 'none']).optional(),
  model: nonEmpty.optional(),
  base_url: z.url().optional(),
  match: z.array(z.url()).optional(),
  env: z
    .record(
      envName,
      z.string().refine((v) => !v.includes('\0'), 'must not contain a NUL byte'),
    )
    .optional(),
  command: z.array(z.string()).min(1, 'must name a program: command = ["pass", "show", "ai/key"]').optional(),
  from_env: envName.optional(),
  username: nonEmpty.optional(),
  budget_usd: z.number().positive().optional(),
  proxy: z.boolean().optional(),
  proxy_paths: z
    .array(z.string().regex(/^\/[^*?#\s]*\*?$/, 'must be a path starting with "/", optionally ending in * (a prefix): "/v1/models*"'))
    .min(1, 'must list at least one path (leave proxy_paths out to allow every path)')
    .optional(),
  oauth: oauthSchema.optional(),
});

const providerSchema = z.strictObject({
  key_env: envName,
  token_env: envName.optional(),
  base_url_env: envName.optional(),
  model_env: envName.optional(),
  key_prefix: z.union([z.string(), z.array(z.string())]).optional(),
  base_url: z.url().optional(),
  models: z.array(nonEmpty).optional(),
  check_path: z.string().startsWith('/').optional(),
  check_auth: z.enum(['bearer', 'x-api-key', 'x-goog-api-key', 'api-key', 'none']).optional(),
  username: nonEmpty.optional(),
});

/** The raw config file after validation (TOML spelling). */
export const configSchema = z.strictObject({
  default: z.string().regex(NAME, 'must be a profile name').optional(),
  store: z.enum(['auto', 'keychain', 'file']).optional(),
  profiles: z.record(z.string().regex(NAME, 'profile names use letters, digits, ".", "_" and "-"'), profileSchema).optional(),
  providers: z.record(z.string().regex(NAME, 'provider ids use letters, digits, ".", "_" and "-"'), providerSchema).optional(),
});

export type RawConfig = z.infer<typeof configSchema>;

/** One schema problem: the key path and what is wrong with it. */
export interface SchemaIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** The keys a table at this path may hold, for "did you mean" on an unknown key. */
function knownKeysAt(path: readonly (string | number)[]): string[] {
  const shape =
    path.length === 0
      ? configSchema.shape
      : path[0] === 'profiles'
        ? path.length === 2
          ? profileSchema.shape
          : oauthSchema.shape
        : providerSchema.shape;
  return Object.keys(shape);
}

/** Profiles naming a provider that is neither built in nor defined under [providers]. */
function unknownProviders(raw: RawConfig): SchemaIssue[] {
  const known = [...BUILTIN_PROVIDERS.map((p) => p.id), ...Object.keys(raw.providers ?? {})];
  return Object.entries(raw.profiles ?? {})
    .filter(([, profile]) => !known.includes(profile.provider))
    .map(([name, profile]) => ({ path: ['profiles', name, 'provider'], message: unknownProvider(profile.provider, known) }));
}

/** Validates a parsed TOML document; returns the data or the issues (never throws). */
export function validateRawConfig(data: unknown): { ok: true; value: RawConfig } | { ok: false; issues: SchemaIssue[] } {
  const result = configSchema.safeParse(data);
  if (result.success) {
    const providerIssues = unknownProviders(result.data);
    return providerIssues.length === 0 ? { ok: true, value: result.data } : { ok: false, issues: providerIssues };
  }
  const issues = result.error.issues.map((issue): SchemaIssue => {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    const key = String(path[path.length - 1] ?? '');
    if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) {
      return { path: [...path, issue.keys[0] ?? ''], message: unknownKeys(issue.keys, knownKeysAt(path)) };
    }
    const value = valueAt(data, path);
    if (issue.code === 'invalid_type' && value === undefined) return { path, message: `is required: add ${key} = … to this table` };
    if (issue.code === 'invalid_type') return { path, message: wrongType(key, issue.expected, value) };
    if (issue.code === 'invalid_value') return { path, message: wrongValue(value, issue.values) };
    if (issue.code === 'invalid_format' && issue.format === 'url')
      return {
        path,
        message: `expected a URL such as "https://api.example.com/v1", got ${typeof value === 'string' ? quotedValue(value) : JSON.stringify(value)}`,
      };
    return { path, message: issue.message };
  });
  // A misspelt key also makes the right one "missing": report the spelling first.
  issues.sort((a, b) => Number(b.message.startsWith('unknown key')) - Number(a.message.startsWith('unknown key')));
  return { ok: false, issues };
}
