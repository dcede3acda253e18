/**
 * A fake Anthropic Messages API on loopback: POST /v1/messages (SSE with pings when
 * `stream: true`, JSON otherwise), POST /v1/messages/count_tokens, GET /v1/models,
 * HEAD /api/hello. Enough for Claude Code's `-p` run and for the SDKs.
 */
import { sendJson, startFakeServer, writeSse, type FakeLlm, type FakeOptions } from './server.ts';

/** The text every fake message answers with. */
export const ANTHROPIC_REPLY = 'Hello from the fake Anthropic API.';

function messageEvents(model: string, text: string): Array<{ event: string; data: unknown }> {
  const id = `msg_fake_${Date.now()}`;
  const words = text.split(/(?<= )/);
  return [
    {
      event: 'message_start',
      data: {
        type: 'message_start',
        message: {
          id,
          type: 'message',
          role: 'assistant',
          model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 10, output_tokens: 1 },
        },
      },
    },
    { event: 'content_block_start', data: { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } } },
    { event: 'ping', data: { type: 'ping' } },
    ...words.map((w) => ({
      event: 'content_block_delta',
      data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: w } },
    })),
    { event: 'content_block_stop', data: { type: 'content_block_stop', index: 0 } },
    {
      event: 'message_delta',
      data: { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: words.length } },
    },
    { event: 'message_stop', data: { type: 'message_stop' } },
  ];
}

/** Starts the fake Anthropic API. */
export function startFakeAnthropic(options: FakeOptions = {}): Promise<FakeLlm> {
  const delay = options.eventDelayMs ?? 5;
  return startFakeServer(
    options,
    async (req, res, rec) => {
      const route = `${req.method} ${rec.pathname}`;
      if (route === 'HEAD /api/hello' || route === 'GET /api/hello') return sendJson(res, 200, {});
      if (route === 'GET /v1/models')
        return sendJson(res, 200, {
          data: [{ type: 'model', id: 'claude-sonnet-4-5', display_name: 'Claude Sonnet 4.5', created_at: '2025-09-29T00:00:00Z' }],
          has_more: false,
          first_id: 'claude-sonnet-4-5',
          last_id: 'claude-sonnet-4-5',
        });
      if (route === 'POST /v1/messages/count_tokens') return sendJson(res, 200, { input_tokens: 10 });
      if (route !== 'POST /v1/messages') return false;
      const body = JSON.parse(rec.body || '{}') as { model?: string; stream?: boolean };
      const model = body.model ?? 'claude-sonnet-4-5';
      if (body.stream) {
        await writeSse(res, messageEvents(model, ANTHROPIC_REPLY), delay);
        return true;
      }
      return sendJson(res, 200, {
        id: `msg_fake_${Date.now()}`,
        type: 'message',
        role: 'assistant',
        model,
        content: [{ type: 'text', text: ANTHROPIC_REPLY }],
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage: { input_tokens: 10, output_tokens: 7 },
      });
    },
    (res) => sendJson(res, 401, { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } }),
  );
}
