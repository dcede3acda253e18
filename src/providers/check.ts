/**
 * The provider's cheap check: one read-only request with the key. Only 401/403 mean "invalid";
 * 429, 5xx and network failures mean "unknown" (PRODUCT.md).
 */
import type { Provider } from './table.ts';

/** The verdict of a cheap check. */
export type CheckVerdict = { readonly result: 'valid' | 'invalid' | 'unknown'; readonly detail: string };

/** Runs the provider's check against `baseUrl` with `secret`, bounded by timeoutMs. */
export async function checkKey(
  fetchFn: typeof fetch,
  provider: Provider,
  baseUrl: string,
  secret: string | undefined,
  timeoutMs = 10_000,
): Promise<CheckVerdict> {
  const headers: Record<string, string> = { ...provider.check.headers };
  if (secret !== undefined) {
    const auth = provider.check.auth;
    if (auth === 'bearer') headers.authorization = `Bearer ${secret}`;
    else if (auth !== 'none') headers[auth] = secret;
  }
  const url = baseUrl.replace(/\/+$/, '') + provider.check.path;
  try {
    const response = await fetchFn(url, { headers, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel().catch(() => undefined);
    const status = response.status;
    if (status === 401 || status === 403) return { result: 'invalid', detail: `HTTP ${status} from ${new URL(url).host}` };
    if (status >= 200 && status < 300) return { result: 'valid', detail: `HTTP ${status}` };
    return { result: 'unknown', detail: `HTTP ${status} from ${new URL(url).host}` };
  } catch (error) {
    const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : 'network error';
    return { result: 'unknown', detail: `${reason} (${new URL(url).host})` };
  }
}
