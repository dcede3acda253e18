/**
 * docker's credential-helper actions against port42's profiles. As with git, port42 is the source
 * of truth: `get` answers from the profile whose `match` fits the server, `list` shows every
 * match entry, `store` and `erase` change nothing (docker login/logout do not manage port42's
 * secrets). Answers follow docker-protocol.ts; errors are thrown for the verb to print.
 */
import type { Context } from '../context.ts';
import type { Profile } from '../config/types.ts';
import { loadConfig } from '../config/load.ts';
import { resolveProfileCredential } from '../profiles/resolve.ts';
import { usageError } from '../errors.ts';
import {
  DOCKER_NOT_FOUND_MESSAGE,
  formatDockerGet,
  formatDockerList,
  parseDockerServerUrl,
  parseDockerStoreInput,
} from './docker-protocol.ts';
import { splitHostPort } from './git-protocol.ts';
import { helperUsername, profileForRequest } from './profile-match.ts';
import { isLoopbackHost } from '../providers/table.ts';
import type { UrlMatchRequest } from './url-match.ts';
import { VERSION } from '../version.ts';

/**
 * The requests a docker server URL stands for. docker sends `https://index.docker.io/v1/` but
 * also a bare `registry:5000`; a bare one is tried as https, then — for a loopback host only —
 * http (docker falls back to http for insecure registries; port42 never sends a key in clear to
 * the network, see url-match.ts).
 */
export function dockerRequests(serverUrl: string): UrlMatchRequest[] {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(serverUrl);
  const rest = scheme ? serverUrl.slice(scheme[0].length) : serverUrl;
  const end = rest.search(/[/?#]/);
  const authority = end === -1 ? rest : rest.slice(0, end);
  const path =
    end === -1
      ? ''
      : rest
          .slice(end)
          .replace(/[?#].*$/s, '')
          .replace(/^\/+/, '');
  const { host, port } = splitHostPort(authority);
  const protocols = scheme ? [(scheme[1] ?? '').toLowerCase()] : isLoopbackHost(host ?? '') ? ['https', 'http'] : ['https'];
  return protocols.map((protocol) => ({ protocol, host, port, ...(path ? { path } : {}) }));
}

function profileForServer(profiles: Parameters<typeof profileForRequest>[0], serverUrl: string): Profile | undefined {
  for (const request of dockerRequests(serverUrl)) {
    const profile = profileForRequest(profiles, request);
    if (profile) return profile;
  }
  return undefined;
}

/** `get`: the JSON answer. Throws usageError(DOCKER_NOT_FOUND_MESSAGE) when nothing matches. */
export async function dockerGet(ctx: Context, input: Buffer): Promise<string> {
  const serverUrl = parseDockerServerUrl(input);
  const config = await loadConfig(ctx);
  const matched = profileForServer(config, serverUrl);
  if (!matched) throw usageError(DOCKER_NOT_FOUND_MESSAGE);
  const { profile, credential } = await resolveProfileCredential(ctx, matched.name, {
    config,
    release: { verb: 'docker-helper get', url: serverUrl },
  });
  if (credential.secret === undefined) throw usageError(DOCKER_NOT_FOUND_MESSAGE);
  return formatDockerGet({ serverUrl, username: helperUsername(profile), secret: credential.secret });
}

/** `list`: every match entry of every profile, with that profile's username. */
export async function dockerList(ctx: Context): Promise<string> {
  const config = await loadConfig(ctx);
  const entries = [...config.profiles.values()].flatMap((p) => p.match.map((serverUrl) => ({ serverUrl, username: helperUsername(p) })));
  return formatDockerList(entries);
}

/** `store`: validates the input and keeps nothing (port42 is the source of truth). */
export function dockerStore(input: Buffer): void {
  parseDockerStoreInput(input);
}

/** `erase`: validates the server URL and deletes nothing. */
export function dockerErase(input: Buffer): void {
  parseDockerServerUrl(input);
}

/** `version`: one line, like the reference helpers. */
export function dockerVersion(): string {
  return `docker-credential-port42 (port42) v${VERSION}\n`;
}
