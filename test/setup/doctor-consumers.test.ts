import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { createTestContext, TEST_CONFIG } from '../support/test-context.ts';

const CONFIG = `[profiles.work]\nprovider = "anthropic"\n`;

async function doctorWith(files: Record<string, string>, programs: string[]) {
  const t = createTestContext({
    files: { [TEST_CONFIG]: CONFIG, ...Object.fromEntries(programs.map((p) => [`/bin/${p}`, '#!/bin/sh\n'])), ...files },
    env: { PATH: '/usr/local/bin:/bin' },
  });
  for (const p of programs) await t.fs.chmod(`/bin/${p}`, 0o755);
  t.keychain.items.set('work', 'sk-ant-api03-doctor000000000000000000');
  const code = await main(t.ctx, ['doctor']);
  return { code, out: t.stdout.text };
}

describe('port42 doctor: consumers', () => {
  it('reports each consumer on PATH as wired or not, with the setup command that wires it', async () => {
    const { code, out } = await doctorWith(
      {
        '/home/u/.claude/settings.json': '{ "apiKeyHelper": "port42 auth token work" }',
        '/home/u/.codex/config.toml': 'model = "o3"\n',
      },
      ['claude', 'codex', 'port42'],
    );
    expect(out).toContain('✓ claude-code: asks port42 (apiKeyHelper = "port42 auth token work" in ~/.claude/settings.json)\n');
    expect(out).toContain(
      '- codex: not wired to port42 (model_provider in ~/.codex/config.toml does not ask port42)\n    run: port42 setup codex\n',
    );
    expect(out).not.toContain('gemini');
    expect(out).not.toContain('docker');
    expect(code).toBe(0);
  });

  it('offers no setup for docker while no profile has match URLs; reports a broken docker config', async () => {
    const { out } = await doctorWith({}, ['docker', 'port42']);
    expect(out).toContain('- docker: not wired to port42, and no profile has match URLs for it to ask about\n');
    expect(out).not.toContain('run: port42 setup docker');
    const broken = await doctorWith({ '/home/u/.docker/config.json': '{"auths": ' }, ['docker', 'port42']);
    expect(broken.out).toMatch(/✗ docker: ~\/\.docker\/config\.json:1: not valid JSON/);
    expect(broken.code).toBe(3);
  });

  it('says nothing about consumers that are not installed', async () => {
    const { out } = await doctorWith({}, []);
    expect(out).not.toMatch(/claude-code|codex|gemini|docker/);
  });

  it('fails when a wired consumer would not find port42 on PATH', async () => {
    const { code, out } = await doctorWith({ '/home/u/.gemini/settings.json': '{"security":{"auth":{"selectedType":"gemini-api-key"}}}' }, [
      'gemini',
    ]);
    expect(out).toContain('✓ gemini: asks port42');
    expect(out).toContain('✗ port42 is not on PATH, but the consumers above call it by name');
    expect(code).toBe(1);
  });

  it('fails when a consumer asks for a profile the config does not define (exit 3)', async () => {
    const { code, out } = await doctorWith({ '/home/u/.claude/settings.json': '{ "apiKeyHelper": "port42 auth token gone" }' }, [
      'claude',
      'port42',
    ]);
    expect(out).toContain(
      `✗ claude-code: asks port42 for profile "gone", which ${TEST_CONFIG} does not define\n    run: port42 setup claude-code <profile>`,
    );
    expect(code).toBe(3);
  });

  it('shows a settings file that does not parse as a config problem with its line', async () => {
    const { code, out } = await doctorWith({ '/home/u/.codex/config.toml': 'model = "o3\n' }, ['codex', 'port42']);
    expect(out).toMatch(/✗ codex: ~\/\.codex\/config\.toml:1: not valid TOML/);
    expect(code).toBe(3);
  });
});
