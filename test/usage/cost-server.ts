/**
 * A loopback HTTP server that answers like the providers' cost APIs, as documented: Anthropic's
 * `GET /v1/organizations/cost_report` and OpenAI's `GET /v1/organization/costs`, both paginated.
 * Binds 127.0.0.1:0, never keeps the test process alive (unref), and closes on stop().
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the server saw. */
export interface SeenRequest {
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: IncomingMessage['headers'];
}

/** What a handler returns: status and JSON body, or a raw string body. */
export type Answer = { status?: number; json?: unknown; text?: string; headers?: Record<string, string> };

export interface CostServer {
  readonly url: string;
  readonly requests: SeenRequest[];
  /** Replaces the answer for a path (the default answers are the documented, paginated ones). */
  answer(path: string, handler: (request: SeenRequest) => Answer): void;
  stop(): Promise<void>;
}

export const ANTHROPIC_ADMIN_KEY = 'sk-ant-admin01-TESTADMINKEY0000000000';
export const OPENAI_ADMIN_KEY = 'sk-admin-TESTADMINKEY1111111111';

/** Anthropic: amounts are decimal strings in cents; 1234.5 + 100 + 65.5 = 1400 cents = $14.00. */
export function anthropicPages(request: SeenRequest): Answer {
  if (request.headers['x-api-key'] !== ANTHROPIC_ADMIN_KEY || request.headers['anthropic-version'] !== '2023-06-01') {
    return { status: 401, json: { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } } };
  }
  const bucket = (day: string, amounts: string[]) => ({
    starting_at: `${day}T00:00:00Z`,
    ending_at: `${day}T23:59:59Z`,
    results: amounts.map((amount) => ({
      amount,
      currency: 'USD',
      cost_type: 'tokens',
      description: null,
      model: null,
      service_tier: null,
      token_type: null,
      workspace_id: null,
      context_window: null,
    })),
  });
  if (request.query.page === undefined) {
    return {
      json: { data: [bucket('2026-11-01', ['1234.5']), bucket('2026-11-02', [])], has_more: true, next_page: 'page_MjAyNS0xMS0wMw==' },
    };
  }
  if (request.query.page === 'page_MjAyNS0xMS0wMw==') {
    return { json: { data: [bucket('2026-11-03', ['100', '65.5'])], has_more: false, next_page: null } };
  }
  return { status: 400, json: { type: 'error', error: { type: 'invalid_request_error', message: 'bad page' } } };
}

/** OpenAI: amount.value in dollars; 0.06 + 1.5 + 2.44 = $4.00. */
export function openaiPages(request: SeenRequest): Answer {
  if (request.headers.authorization !== `Bearer ${OPENAI_ADMIN_KEY}`) {
    return {
      status: 401,
      json: { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } },
    };
  }
  const bucket = (start: number, values: number[]) => ({
    object: 'bucket',
    start_time: start,
    end_time: start + 86_400,
    results: values.map((value) => ({
      object: 'organization.costs.result',
      amount: { value, currency: 'usd' },
      line_item: null,
      project_id: null,
    })),
  });
  const start = Number(request.query.start_time);
  if (request.query.page === undefined)
    return { json: { object: 'page', data: [bucket(start, [0.06])], has_more: true, next_page: 'page_AAAA' } };
  if (request.query.page === 'page_AAAA')
    return { json: { object: 'page', data: [bucket(start + 86_400, [1.5])], has_more: true, next_page: 'page_BBBB' } };
  if (request.query.page === 'page_BBBB')
    return { json: { object: 'page', data: [bucket(start + 2 * 86_400, [2.44])], has_more: false, next_page: null } };
  return { status: 400, json: { error: { message: 'bad page' } } };
}

/** Starts the server with the documented answers on both paths. */
export async function startCostServer(): Promise<CostServer> {
  const requests: SeenRequest[] = [];
  const handlers = new Map<string, (request: SeenRequest) => Answer>([
    ['/v1/organizations/cost_report', anthropicPages],
    ['/v1/organization/costs', openaiPages],
  ]);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const seen: SeenRequest = { path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers };
    requests.push(seen);
    const answer = handlers.get(url.pathname)?.(seen) ?? { status: 404, json: { error: 'not found' } };
    res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
    res.end(answer.text ?? JSON.stringify(answer.json));
  });
  server.unref();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answer: (path, handler) => void handlers.set(path, handler),
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // fetch keeps connections alive
      }),
  };
}
