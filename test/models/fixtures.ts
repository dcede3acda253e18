/** A config with several providers and profiles, shared by the model tests. */
import { createTestContext, TEST_CONFIG, type TestContext, type TestContextOptions } from '../support/test-context.ts';
import { trusting } from '../support/trust.ts';

/** default = home; a per-directory file in /home/u/repo chooses proj. */
export const MODEL_CONFIG = `# my accounts
default = "home"

[profiles.work]
provider = "openai"   # the company key

[profiles.proj]
provider = "openai"

[profiles.home]
provider = "anthropic"

[profiles.team]
provider = "anthropic"

[profiles.local]
provider = "ollama"
base_url = "http://127.0.0.1:11434"
model = "llama3.2"

[providers.mygw]
key_env = "MYGW_API_KEY"
base_url = "https://gw.example.com/v1"
models = ["mgw-large", "mgw-small"]

[profiles.gw]
provider = "mygw"

[providers.open]
key_env = "OPEN_API_KEY"
base_url = "https://open.example.com/v1"

[profiles.anything]
provider = "open"
`;

/** The directory whose .port42.toml names "proj". */
export const REPO = '/home/u/repo';

/** A test context with MODEL_CONFIG (or another text), the repo's directory file and these keychain items. */
export function modelContext(options: TestContextOptions & { config?: string; keys?: Record<string, string> } = {}): TestContext {
  const { config = MODEL_CONFIG, keys = {}, files = {}, ...rest } = options;
  const tc = createTestContext({
    ...rest,
    files: trusting({ [TEST_CONFIG]: config, [`${REPO}/.port42.toml`]: 'profile = "proj"\n', ...files }),
  });
  for (const [name, key] of Object.entries(keys)) tc.keychain.items.set(name, key);
  return tc;
}

/** Keys that pass each provider's prefix check. */
export const KEYS = {
  openai: 'sk-proj-openai0123456789abcdef',
  anthropic: 'sk-ant-api03-anthropic0123456789',
  mygw: 'mgw-0123456789abcdef',
} as const;
