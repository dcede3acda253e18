import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../support/cli.ts';
import { whichProgram } from '../support/real-component.ts';
import { registryConfig, startRegistry, type RegistryServer } from './registry-server.ts';
import { SECRET, consumerSandbox } from './support.ts';

/**
 * The real docker CLI with `"credsStore": "port42"`: `docker manifest inspect` talks to a
 * registry without a docker daemon and takes its login from docker-credential-port42 get.
 * Optional: .ci/run does not install docker (Debian's docker.io brings the daemon), so this
 * skips with a printed reason even in CI; the transcripts in test/helper cover the protocol.
 */
const hasDocker = whichProgram('docker') !== undefined;
if (!hasDocker) process.stderr.write('[real component] docker CLI skipped: docker is not on PATH (optional component)\n');

describe.runIf(hasDocker)('docker with port42 as credential store (real docker CLI)', () => {
  let sandbox: Sandbox;
  let registry: RegistryServer;
  const dockerConfig = (name: string, config: object): string => {
    const dir = join(sandbox.home, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    return dir;
  };
  // No daemon: an unreachable DOCKER_HOST makes sure nothing below needs one.
  const docker = (configDir: string, args: string[], input = '') =>
    execa('docker', args, {
      env: { ...sandbox.env, DOCKER_CONFIG: configDir, DOCKER_HOST: 'tcp://127.0.0.1:1', REGISTRY_SECRET: SECRET },
      extendEnv: false,
      input,
      reject: false,
      timeout: 20_000,
    });

  beforeAll(async () => {
    registry = await startRegistry('bob', SECRET);
    sandbox = consumerSandbox(registryConfig(registry));
  });
  afterAll(async () => {
    await registry?.close();
    sandbox?.cleanup();
  });

  it('reads an image manifest with the login port42 hands out (credsStore)', async () => {
    const result = await docker(dockerConfig('store', { credsStore: 'port42' }), [
      'manifest',
      'inspect',
      '--insecure',
      `${registry.host}/img:latest`,
    ]);
    expect(result.exitCode, String(result.stderr)).toBe(0);
    expect(JSON.parse(String(result.stdout))).toMatchObject({ schemaVersion: 2 });
    expect(registry.authorizations).toContain('Basic ' + Buffer.from(`bob:${SECRET}`).toString('base64'));
  });

  it('does the same as a per-registry credHelpers entry', async () => {
    const result = await docker(dockerConfig('helpers', { credHelpers: { [registry.host]: 'port42' } }), [
      'manifest',
      'inspect',
      '--insecure',
      `${registry.host}/img:latest`,
    ]);
    expect(result.exitCode, String(result.stderr)).toBe(0);
  });

  it('is refused without port42', async () => {
    const result = await docker(dockerConfig('none', {}), ['manifest', 'inspect', '--insecure', `${registry.host}/img:latest`]);
    expect(result.exitCode).not.toBe(0);
  });

  it('lets docker login store through it (accepted, port42 keeps its own secret)', async () => {
    const result = await docker(
      dockerConfig('login', { credsStore: 'port42' }),
      ['login', '-u', 'bob', '--password-stdin', registry.host],
      SECRET,
    );
    expect(result.exitCode, String(result.stderr)).toBe(0);
    expect(String(result.stdout)).toContain('Login Succeeded');
  });
});
