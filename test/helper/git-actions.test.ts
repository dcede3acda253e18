import { describe, expect, it, vi } from 'vitest';
import { answerGet } from '../../src/helper/git-actions.ts';
import { parseCredentialRequest } from '../../src/helper/git-protocol.ts';
import { TEST_CONFIG, createTestContext } from '../support/test-context.ts';

// An expiring (OAuth-style) credential, whatever source the profile has: only the answer's shape is under test.
vi.mock('../../src/profiles/resolve.ts', async (original) => ({
  ...(await original<typeof import('../../src/profiles/resolve.ts')>()),
  resolveProfileCredential: vi.fn(async (_ctx: unknown, name: string) => ({
    profile: { name, username: undefined, provider: { helperUsername: 'anthropic' } },
    credential: { secret: 'bearer-token', kind: 'bearer', origin: 'oauth', expiresAt: 1_764_075_600_999 },
  })),
}));

describe('helper get for an expiring credential', () => {
  it('adds password_expiry_utc in whole seconds after the username and password', async () => {
    const { ctx } = createTestContext({
      files: { [TEST_CONFIG]: '[profiles.gw]\nprovider = "anthropic"\nauth = "env"\nfrom_env = "X"\nmatch = ["https://gw.example"]\n' },
    });
    const answer = await answerGet(ctx, parseCredentialRequest('protocol=https\nhost=gw.example\n\n'));
    expect(answer).toBe('username=anthropic\npassword=bearer-token\npassword_expiry_utc=1764075600\n');
  });
});
