/** Which profile answers a helper request: the one whose `match` URL fits it best. */
import type { Config, Profile } from '../config/types.ts';
import { bestMatch, type MatchCandidate, type UrlMatchRequest } from './url-match.ts';

/** The username git and docker are given for a profile: its own, else its provider's. */
export function helperUsername(profile: Profile): string {
  return profile.username ?? profile.provider.helperUsername;
}

/**
 * The profile whose `match` pattern fits the request most specifically (see url-match.ts), or
 * undefined. When the request names a username, only profiles with that helper username take
 * part: git asks for `bob@host` and must not get alice's key.
 */
export function profileForRequest(config: Config, request: UrlMatchRequest & { username?: string | undefined }): Profile | undefined {
  const candidates: MatchCandidate<Profile>[] = [];
  for (const profile of config.profiles.values()) {
    if (request.username !== undefined && request.username !== helperUsername(profile)) continue;
    for (const pattern of profile.match) candidates.push({ pattern, value: profile });
  }
  return bestMatch(candidates, request);
}
