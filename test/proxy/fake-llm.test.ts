// The shared fake LLM APIs and the real-consumer locator: the fakes answer what their clients
// call, record the credential that arrived, stream unbatched and speak WebSocket.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANTHROPIC_REPLY, startFakeAnthropic } from '../support/fake-llm/anthropic.ts';
import { startFakeGemini } from '../support/fake-llm/gemini.ts';
import { OPENAI_REPLY, startFakeOpenAi } from '../support/fake-llm/openai.ts';
import { credentialOf, type FakeLlm } from '../support/fake-llm/server.ts';
import { connectWebSocket } from '../support/fake-llm/websocket.ts';
import { consumerPath, consumersAvailable } from '../support/real-consumers.ts';

describe('fake Anthropic API', () => {
  let fake: FakeLlm;
  beforeAll(async () => (fake = await startFakeAnthropic({ authorize: (r) => credentialOf(r) === 'sk-ant-good' })));
  afterAll(() => fake.close());

  it('streams a message as SSE with a ping and records the key', async () => {
    const res = await fetch(`${fake.origin}/v1/messages?beta=true`, {
      method: 'POST',
      headers: { 'x-api-key': 'sk-ant-good', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-sonnet-4-5', stream: true, max_tokens: 10, messages: [] }),
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const text = await res.text();
    expect(text).toContain('event: ping');
    expect(text).toContain('event: message_stop');
    expect(fake.requests.at(-1)).toMatchObject({ method: 'POST', pathname: '/v1/messages', path: '/v1/messages?beta=true' });
    expect(credentialOf(fake.requests.at(-1)!)).toBe('sk-ant-good');
  });

  it('refuses a wrong key with the provider-shaped 401', async () => {
    const res = await fetch(`${fake.origin}/v1/models`, { headers: { 'x-api-key': 'sk-ant-bad' } });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
  });

  it('answers HEAD /api/hello and a non-streaming message', async () => {
    expect((await fetch(`${fake.origin}/api/hello`, { method: 'HEAD', headers: { 'x-api-key': 'sk-ant-good' } })).status).toBe(200);
    const res = await fetch(`${fake.origin}/v1/messages`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-ant-good' },
      body: '{"model":"m"}',
    });
    expect(((await res.json()) as { content: Array<{ text: string }> }).content[0]!.text).toBe(ANTHROPIC_REPLY);
  });
});

describe('fake OpenAI API', () => {
  let fake: FakeLlm;
  beforeAll(async () => (fake = await startFakeOpenAi({ authorize: (r) => credentialOf(r) === 'sk-good' })));
  afterAll(() => fake.close());

  it('serves models, chat completions and streamed responses', async () => {
    const auth = { authorization: 'Bearer sk-good' };
    expect((await fetch(`${fake.origin}/v1/models`, { headers: auth })).status).toBe(200);
    const chat = await fetch(`${fake.origin}/v1/chat/completions`, {
      method: 'POST',
      headers: auth,
      body: '{"model":"gpt-4.1","stream":true}',
    });
    expect(await chat.text()).toMatch(/data: \[DONE\]\n\n$/);
    const responses = await fetch(`${fake.origin}/v1/responses`, {
      method: 'POST',
      headers: auth,
      body: '{"model":"gpt-4.1","stream":true}',
    });
    expect(await responses.text()).toContain('event: response.completed');
  });

  it('speaks WebSocket on /v1/responses and checks the handshake credential', async () => {
    await expect(connectWebSocket(`ws://127.0.0.1:${fake.port}/v1/responses`, { authorization: 'Bearer sk-bad' })).rejects.toThrow(/401/);
    const ws = await connectWebSocket(`ws://127.0.0.1:${fake.port}/v1/responses`, { authorization: 'Bearer sk-good' });
    ws.send(JSON.stringify({ type: 'response.create', model: 'gpt-4.1' }));
    const seen: string[] = [];
    for (let i = 0; i < 30; i++) {
      const event = JSON.parse(await ws.next()) as { type: string; response?: { output: Array<{ content: Array<{ text: string }> }> } };
      seen.push(event.type);
      if (event.type === 'response.completed') {
        expect(event.response!.output[0]!.content[0]!.text).toBe(OPENAI_REPLY);
        break;
      }
    }
    expect(seen[0]).toBe('response.created');
    expect(seen.at(-1)).toBe('response.completed');
    ws.close();
    await ws.closed;
    expect(fake.requests.filter((r) => r.upgrade).map(credentialOf)).toEqual(['sk-bad', 'sk-good']);
  });
});

describe('fake Gemini API', () => {
  let fake: FakeLlm;
  beforeAll(async () => (fake = await startFakeGemini()));
  afterAll(() => fake.close());

  it('streams generateContent as SSE and records x-goog-api-key', async () => {
    const res = await fetch(`${fake.origin}/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse`, {
      method: 'POST',
      headers: { 'x-goog-api-key': 'AIzaGood' },
      body: '{}',
    });
    expect(await res.text()).toContain('"finishReason":"STOP"');
    expect(credentialOf(fake.requests.at(-1)!)).toBe('AIzaGood');
  });
});

describe('real consumers', () => {
  it.skipIf(!consumersAvailable('consumer locator', 'claude', 'codex', 'gemini', 'openai-sdk'))('finds the pinned versions', () => {
    const version = (name: 'claude' | 'codex' | 'gemini') =>
      execFileSync(consumerPath(name)!, ['--version'], { encoding: 'utf8', timeout: 30_000 });
    expect(version('claude')).toContain('2.1.328');
    expect(version('codex')).toContain('0.169.0');
    // gemini-cli declares Node >= 22 in its engines field; 0.61.0 starts and answers on Node 20.20.
    expect(version('gemini')).toContain('0.61.0');
  });
});
