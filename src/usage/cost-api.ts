/**
 * A month's cost from the provider's cost API, with an admin key. Two providers have one:
 *
 * - Anthropic `GET /v1/organizations/cost_report` (Admin API; headers `x-api-key`,
 *   `anthropic-version: 2023-06-01`; `starting_at`/`ending_at` RFC 3339, `bucket_width=1d`,
 *   `limit` ≤ 31 for daily buckets). Answer `{ data: [{ starting_at, ending_at, results: [{ amount,
 *   currency, … }] }], has_more, next_page }`; `amount` is a decimal string in the currency's lowest
 *   unit: "123.45" in "USD" is $1.23 (platform.claude.com/docs/en/api/admin/cost_report).
 * - OpenAI `GET /v1/organization/costs` (Bearer admin key; `start_time` inclusive / `end_time`
 *   exclusive in unix seconds, `bucket_width=1d`, `limit` 1–180). Answer `{ object: "page", data:
 *   [{ object: "bucket", start_time, end_time, results: [{ amount: { value: 0.06, currency: "usd" },
 *   … }] }], has_more, next_page }`; `value` is in dollars (OpenAI API reference, "Costs").
 *
 * Both paginate with `page=<next_page>` while `has_more`. Every answer is checked shape by shape:
 * anything unexpected is an "unknown" result with the reason, never a crash and never a guess.
 */
import type { Month } from './month.ts';

/** The outcome of asking for a month's cost. */
export type CostResult =
  | { readonly status: 'ok'; readonly usd: number }
  | { readonly status: 'unknown'; readonly detail: string; /** 401/403: the admin key was refused. */ readonly rejected?: boolean };

/** Bounds on one cost lookup. */
export interface CostOptions {
  /** Per request. */
  readonly timeoutMs?: number;
  /** Pages followed at most (a month is one page of 31 daily buckets unless the API pages smaller). */
  readonly maxPages?: number;
}

interface CostPage {
  readonly usd: number;
  readonly next?: string;
}

interface CostApi {
  request(
    baseUrl: string,
    key: string,
    start: number,
    end: number,
    page: string | undefined,
  ): { url: string; headers: Record<string, string> };
  /** The page's cost, or what is wrong with its shape. */
  parse(body: unknown): CostPage | string;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const DECIMAL = /^-?\d+(\.\d+)?$/;

function pageEnvelope(body: unknown): { data: unknown[]; next?: string } | string {
  if (!isObject(body) || !Array.isArray(body.data) || typeof body.has_more !== 'boolean')
    return 'expected an object with data[] and has_more';
  if (!body.has_more) return { data: body.data };
  if (typeof body.next_page !== 'string' || body.next_page === '') return 'has_more is true but next_page is missing';
  return { data: body.data, next: body.next_page };
}

function sumResults(data: unknown[], amountOf: (result: Json) => number | string): number | string {
  let total = 0;
  for (const bucket of data) {
    if (!isObject(bucket) || !Array.isArray(bucket.results)) return 'a bucket without results[]';
    for (const result of bucket.results) {
      if (!isObject(result)) return 'a result that is not an object';
      const amount = amountOf(result);
      if (typeof amount === 'string') return amount;
      total += amount;
    }
  }
  return total;
}

function withPage(url: URL, page: string | undefined): string {
  if (page !== undefined) url.searchParams.set('page', page);
  return url.toString();
}

const joinUrl = (base: string, path: string) => new URL(base.replace(/\/+$/, '') + path);

const anthropic: CostApi = {
  request(baseUrl, key, start, end, page) {
    const url = joinUrl(baseUrl, '/v1/organizations/cost_report');
    url.searchParams.set('starting_at', new Date(start).toISOString());
    url.searchParams.set('ending_at', new Date(end).toISOString());
    url.searchParams.set('bucket_width', '1d');
    url.searchParams.set('limit', '31');
    return { url: withPage(url, page), headers: { 'x-api-key': key, 'anthropic-version': '2023-06-01' } };
  },
  parse(body) {
    const envelope = pageEnvelope(body);
    if (typeof envelope === 'string') return envelope;
    const cents = sumResults(envelope.data, (result) => {
      if (typeof result.amount !== 'string' || !DECIMAL.test(result.amount)) return 'a result whose amount is not a decimal string';
      if (result.currency !== 'USD') return `a result in currency ${JSON.stringify(result.currency)}, not "USD"`;
      return Number(result.amount);
    });
    if (typeof cents === 'string') return cents;
    // Lowest currency unit: cents.
    return { usd: cents / 100, ...(envelope.next !== undefined ? { next: envelope.next } : {}) };
  },
};

const openai: CostApi = {
  request(baseUrl, key, start, end, page) {
    const url = joinUrl(baseUrl, '/organization/costs');
    url.searchParams.set('start_time', String(Math.floor(start / 1000)));
    url.searchParams.set('end_time', String(Math.floor(end / 1000)));
    url.searchParams.set('bucket_width', '1d');
    url.searchParams.set('limit', '31');
    return { url: withPage(url, page), headers: { authorization: `Bearer ${key}` } };
  },
  parse(body) {
    const envelope = pageEnvelope(body);
    if (typeof envelope === 'string') return envelope;
    const usd = sumResults(envelope.data, (result) => {
      const amount = result.amount;
      if (!isObject(amount)) return 'a result without amount { value, currency }';
      const value = typeof amount.value === 'string' && DECIMAL.test(amount.value) ? Number(amount.value) : amount.value;
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'a result whose amount.value is not a number';
      if (typeof amount.currency !== 'string' || amount.currency.toLowerCase() !== 'usd')
        return `a result in currency ${JSON.stringify(amount.currency)}, not "usd"`;
      return value;
    });
    if (typeof usd === 'string') return usd;
    return { usd, ...(envelope.next !== undefined ? { next: envelope.next } : {}) };
  },
};

const COST_APIS: Readonly<Record<string, CostApi>> = { anthropic, openai };

/** True when port42 knows this provider's cost API (anthropic, openai). */
export function hasCostApi(providerId: string): boolean {
  return Object.hasOwn(COST_APIS, providerId);
}

/** The window asked for: the month, but no further than the end of today (UTC). */
export function costWindow(month: Month, now: number): { start: number; end: number } {
  const day = 86_400_000;
  const endOfToday = Math.floor(now / day) * day + day;
  return { start: month.start, end: Math.min(month.end, endOfToday) };
}

/**
 * The month's cost in USD, following pagination. Never throws: network errors, timeouts, HTTP
 * errors and unexpected shapes come back as `unknown` with a reason that names no secret.
 */
export async function fetchMonthCost(
  fetchFn: typeof fetch,
  providerId: string,
  baseUrl: string,
  adminKey: string,
  month: Month,
  now: number,
  options: CostOptions = {},
): Promise<CostResult> {
  const api = COST_APIS[providerId];
  if (!api) return { status: 'unknown', detail: `provider "${providerId}" has no cost API port42 knows` };
  const { start, end } = costWindow(month, now);
  if (end <= start) return { status: 'ok', usd: 0 }; // a month that has not begun
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxPages = options.maxPages ?? 20;
  let usd = 0;
  let page: string | undefined;
  const seen = new Set<string>();
  for (let count = 0; count < maxPages; count++) {
    let request: { url: string; headers: Record<string, string> };
    try {
      request = api.request(baseUrl, adminKey, start, end, page);
    } catch {
      return { status: 'unknown', detail: `the base URL "${baseUrl}" is not a URL` };
    }
    const host = new URL(request.url).host;
    let body: unknown;
    try {
      // No redirects: the admin key must reach only the host it was meant for.
      const response = await fetchFn(request.url, { headers: request.headers, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
      if (response.status === 401 || response.status === 403) {
        await response.body?.cancel().catch(() => undefined);
        return { status: 'unknown', detail: `the admin key was refused (HTTP ${response.status} from ${host})`, rejected: true };
      }
      if (response.status < 200 || response.status >= 300) {
        await response.body?.cancel().catch(() => undefined);
        return { status: 'unknown', detail: `HTTP ${response.status} from ${host}` };
      }
      body = await response.json().catch(() => Symbol.for('not-json'));
    } catch (error) {
      const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : 'network error';
      return { status: 'unknown', detail: `${reason} (${host})` };
    }
    if (body === Symbol.for('not-json')) return { status: 'unknown', detail: `the answer from ${host} is not JSON` };
    const parsed = api.parse(body);
    if (typeof parsed === 'string') return { status: 'unknown', detail: `unexpected answer from ${host}: ${parsed}` };
    usd += parsed.usd;
    if (parsed.next === undefined) return { status: 'ok', usd };
    if (seen.has(parsed.next)) return { status: 'unknown', detail: `${host} returned the same next_page twice` };
    seen.add(parsed.next);
    page = parsed.next;
  }
  return { status: 'unknown', detail: `more than ${maxPages} pages of costs; gave up` };
}
