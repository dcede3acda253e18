/**
 * A fake OpenAI-compatible API on loopback: GET /v1/models, POST /v1/responses (SSE, or JSON
 * without `stream`), a WebSocket on /v1/responses (one `response.create` message in, the same
 * events out as text frames, like Codex's transport), POST /v1/chat/completions (JSON or SSE
 * chunks ending in `[DONE]`).
 */
import { sendJson, startFakeServer, writeSse, type FakeLlm, type FakeOptions } from './server.ts';

/** The text every fake response answers with. */
export const OPENAI_REPLY = 'Hello from the fake OpenAI API.';

function responseObject(id: string, model: string, status: string, text?: string): Record<string, unknown> {
  const output =
    text === undefined
      ? []
      : [
          {
            type: 'message',
            id: `${id}_msg`,
            status: 'completed',
            role: 'assistant',
            content: [{ type: 'output_text', text, annotations: [] }],
          },
        ];
  return {
    id,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status,
    model,
    output,
    usage:
      text === undefined
        ? null
        : {
            input_tokens: 10,
            input_tokens_details: { cached_tokens: 0 },
            output_tokens: 7,
            output_tokens_details: { reasoning_tokens: 0 },
            total_tokens: 17,
          },
  };
}

/** The Responses API stream events for one text answer. */
export function responseEvents(model: string, text = OPENAI_REPLY): Array<{ event: string; data: Record<string, unknown> }> {
  const id = `resp_fake_${Date.now()}`;
  const itemId = `${id}_msg`;
  const events: Array<Record<string, unknown>> = [
    { type: 'response.created', response: responseObject(id, model, 'in_progress') },
    { type: 'response.in_progress', response: responseObject(id, model, 'in_progress') },
    {
      type: 'response.output_item.added',
      output_index: 0,
      item: { type: 'message', id: itemId, status: 'in_progress', role: 'assistant', content: [] },
    },
    {
      type: 'response.content_part.added',
      item_id: itemId,
      output_index: 0,
      content_index: 0,
      part: { type: 'output_text', text: '', annotations: [] },
    },
    ...text
      .split(/(?<= )/)
      .map((delta) => ({ type: 'response.output_text.delta', item_id: itemId, output_index: 0, content_index: 0, delta })),
    { type: 'response.output_text.done', item_id: itemId, output_index: 0, content_index: 0, text },
    {
      type: 'response.content_part.done',
      item_id: itemId,
      output_index: 0,
      content_index: 0,
      part: { type: 'output_text', text, annotations: [] },
    },
    {
      type: 'response.output_item.done',
      output_index: 0,
      item: {
        type: 'message',
        id: itemId,
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', text, annotations: [] }],
      },
    },
    { type: 'response.completed', response: responseObject(id, model, 'completed', text) },
  ];
  return events.map((data, i) => ({ event: data.type as string, data: { ...data, sequence_number: i } }));
}

function chatChunks(model: string, text: string): Array<{ data: unknown }> {
  const id = `chatcmpl-fake${Date.now()}`;
  const created = Math.floor(Date.now() / 1000);
  const chunk = (delta: Record<string, unknown>, finish: string | null) => ({
    data: { id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish }] },
  });
  return [
    chunk({ role: 'assistant', content: '' }, null),
    ...text.split(/(?<= )/).map((w) => chunk({ content: w }, null)),
    chunk({}, 'stop'),
    { data: '[DONE]' },
  ];
}

/** Starts the fake OpenAI-compatible API. */
export function startFakeOpenAi(options: FakeOptions = {}): Promise<FakeLlm> {
  const delay = options.eventDelayMs ?? 5;
  return startFakeServer(
    options,
    async (req, res, rec) => {
      const route = `${req.method} ${rec.pathname}`;
      const body = rec.body && req.method === 'POST' ? (JSON.parse(rec.body) as { model?: string; stream?: boolean }) : {};
      const model = body.model ?? 'gpt-4.1';
      if (route === 'GET /v1/models')
        return sendJson(res, 200, { object: 'list', data: [{ id: 'gpt-4.1', object: 'model', created: 1744316542, owned_by: 'system' }] });
      if (route === 'POST /v1/responses') {
        const events = responseEvents(model);
        if (!body.stream) return sendJson(res, 200, events.at(-1)!.data.response);
        await writeSse(res, events, delay);
        return true;
      }
      if (route === 'POST /v1/chat/completions') {
        if (body.stream) {
          await writeSse(res, chatChunks(model, OPENAI_REPLY), delay);
          return true;
        }
        return sendJson(res, 200, {
          id: `chatcmpl-fake${Date.now()}`,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model,
          choices: [{ index: 0, message: { role: 'assistant', content: OPENAI_REPLY }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 10, completion_tokens: 7, total_tokens: 17 },
        });
      }
      return false;
    },
    (res) =>
      sendJson(res, 401, {
        error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' },
      }),
    {
      '/v1/responses': (ws) => {
        void (async () => {
          for (;;) {
            const message = await ws.next(60_000).catch(() => undefined);
            if (message === undefined) return;
            const request = JSON.parse(message) as { type?: string; model?: string };
            if (request.type !== 'response.create') continue;
            for (const e of responseEvents(request.model ?? 'gpt-4.1')) {
              ws.send(JSON.stringify(e.data));
              if (delay > 0) await new Promise((r) => setTimeout(r, delay));
            }
          }
        })();
      },
    },
  );
}
