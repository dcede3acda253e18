/** Trusting directory files in a test context's memfs, as `port42 trust` would have. */
import { createHash } from 'node:crypto';
import { TEST_STATE_DIR } from './test-context.ts';

/**
 * `files` plus a trust database that trusts every `.port42.toml` among them as it is (memfs has
 * no links, so each path is its real path). Pass `except` to leave some untrusted.
 */
export function trusting(files: Record<string, string>, except: readonly string[] = []): Record<string, string> {
  const trusted: Record<string, { sha256: string; text: string }> = {};
  for (const [path, text] of Object.entries(files)) {
    if (path.endsWith('/.port42.toml') && !except.includes(path))
      trusted[path] = { sha256: createHash('sha256').update(text).digest('hex'), text };
  }
  return { ...files, [`${TEST_STATE_DIR}/trusted.json`]: JSON.stringify({ v: 1, files: trusted }) };
}
