/**
 * A fake Gemini API on loopback: GET /v1beta/models, POST /v1beta/models/M:generateContent,
 * POST …:streamGenerateContent?alt=sse, POST …:countTokens.
 */
import { sendJson, startFakeServer, writeSse, type FakeLlm, type FakeOptions } from './server.ts';

/** The text every fake generation answers with. */
export const GEMINI_REPLY = 'Hello from the fake Gemini API.';

function candidate(text: string, finish: boolean): Record<string, unknown> {
  return {
    candidates: [{ content: { parts: [{ text }], role: 'model' }, index: 0, ...(finish ? { finishReason: 'STOP' } : {}) }],
    usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 7, totalTokenCount: 17 },
    modelVersion: 'gemini-2.5-flash',
  };
}

/** Starts the fake Gemini API. */
export function startFakeGemini(options: FakeOptions = {}): Promise<FakeLlm> {
  const delay = options.eventDelayMs ?? 5;
  return startFakeServer(
    options,
    async (req, res, rec) => {
      if (req.method === 'GET' && /^\/v1(beta)?\/models$/.test(rec.pathname))
        return sendJson(res, 200, {
          models: [
            {
              name: 'models/gemini-2.5-flash',
              displayName: 'Gemini 2.5 Flash',
              supportedGenerationMethods: ['generateContent', 'countTokens'],
            },
          ],
        });
      const action = /^\/v1(?:beta)?\/models\/[^/:]+:(\w+)$/.exec(rec.pathname)?.[1];
      if (req.method !== 'POST' || action === undefined) return false;
      if (action === 'countTokens') return sendJson(res, 200, { totalTokens: 10 });
      if (action === 'generateContent') return sendJson(res, 200, candidate(GEMINI_REPLY, true));
      if (action !== 'streamGenerateContent') return false;
      const words = GEMINI_REPLY.split(/(?<= )/);
      await writeSse(
        res,
        words.map((w, i) => ({ data: candidate(w, i === words.length - 1) })),
        delay,
      );
      return true;
    },
    (res) =>
      sendJson(res, 400, { error: { code: 400, message: 'API key not valid. Please pass a valid API key.', status: 'INVALID_ARGUMENT' } }),
  );
}
