import { execa } from 'execa';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type Sandbox } from '../support/cli.ts';
import { whichProgram } from '../support/real-component.ts';
import { registryConfig, startRegistry, type RegistryServer } from '../consumers/registry-server.ts';
import { SECRET, consumerSandbox } from '../consumers/support.ts';

/**
 * `port42 setup docker` with the real docker CLI (no daemon): the credHelpers entry it writes
 * makes `docker manifest inspect` log in to a loopback registry with the profile's secret, and
 * --undo takes it away again. Optional like test/consumers/docker.test.ts: .ci/run installs
 * docker.io only when it can.
 */
const hasDocker = whichProgram('docker') !== undefined;
if (!hasDocker) process.stderr.write('[real component] port42 setup docker skipped: docker is not on PATH (optional component)\n');

describe.runIf(hasDocker)('port42 setup docker (real docker CLI)', () => {
  let sandbox: Sandbox;
  let registry: RegistryServer;
  const original = '{\n\t"auths": {},\n\t"psFormat": "table {{.ID}}"\n}\n';
  const configFile = () => join(sandbox.home, '.docker', 'config.json');
  const inspect = () =>
    execa('docker', ['manifest', 'inspect', '--insecure', `${registry.host}/img:latest`], {
      env: { ...sandbox.env, DOCKER_HOST: 'tcp://127.0.0.1:1', REGISTRY_SECRET: SECRET },
      extendEnv: false,
      stdin: 'ignore',
      reject: false,
      timeout: 20_000,
    });

  beforeAll(async () => {
    registry = await startRegistry('bob', SECRET, 60_000);
    sandbox = consumerSandbox(registryConfig(registry));
    mkdirSync(join(sandbox.home, '.docker'));
    writeFileSync(configFile(), original);
  });
  afterAll(async () => {
    await registry?.close();
    sandbox?.cleanup();
  });

  it('docker logs in with the secret port42 hands out; twice changes nothing; --undo restores the file', async () => {
    expect((await inspect()).exitCode).not.toBe(0);
    const first = await runCli(sandbox, ['setup', 'docker', 'registry']);
    expect(first.code).toBe(0);
    const written = readFileSync(configFile(), 'utf8');
    expect(written).toBe(
      `{\n\t"auths": {},\n\t"psFormat": "table {{.ID}}",\n\t"credHelpers": {\n\t\t"${registry.host}": "port42"\n\t}\n}\n`,
    );
    expect((await runCli(sandbox, ['setup', 'docker', 'registry'])).stderr).toContain('nothing changed');
    expect(readFileSync(configFile(), 'utf8')).toBe(written);

    const result = await inspect();
    expect(result.exitCode, String(result.stderr)).toBe(0);
    expect(registry.authorizations).toContain('Basic ' + Buffer.from(`bob:${SECRET}`).toString('base64'));

    expect((await runCli(sandbox, ['setup', 'docker', '--undo'])).code).toBe(0);
    expect(readFileSync(configFile(), 'utf8')).toBe(original);
    expect((await inspect()).exitCode).not.toBe(0);
  });
});
