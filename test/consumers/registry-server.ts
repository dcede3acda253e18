/**
 * A minimal docker registry (distribution API v2) for tests: one image `img:latest` with no
 * layers, behind Basic auth, on 127.0.0.1:0 over plain http (docker allows that for loopback
 * with --insecure). It closes itself after `lifetimeMs`.
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running registry. */
export interface RegistryServer {
  /** `127.0.0.1:<port>`, as docker names registries. */
  readonly host: string;
  readonly authorizations: string[];
  close(): Promise<void>;
}

const sha256 = (text: string): string => 'sha256:' + createHash('sha256').update(text).digest('hex');

/** Starts the registry; only `username:password` may read. */
/** A config whose profile "registry" answers for this registry as user bob, its secret from $REGISTRY_SECRET. */
export function registryConfig(registry: Pick<RegistryServer, 'host'>): string {
  return `[profiles.registry]
provider = "openai"
auth = "env"
from_env = "REGISTRY_SECRET"
username = "bob"
match = ["http://${registry.host}"]
`;
}

export async function startRegistry(username: string, password: string, lifetimeMs = 20_000): Promise<RegistryServer> {
  const config = JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] }, config: {} });
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: Buffer.byteLength(config), digest: sha256(config) },
    layers: [],
  });
  const expected = 'Basic ' + Buffer.from(`${username}:${password}`).toString('base64');
  const authorizations: string[] = [];
  const server = createServer((req, res) => {
    const api = { 'Docker-Distribution-API-Version': 'registry/2.0' };
    authorizations.push(req.headers.authorization ?? '');
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { ...api, 'WWW-Authenticate': 'Basic realm="port42-test"' });
      return void res.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
    }
    const url = req.url ?? '';
    if (url === '/v2/') return void res.writeHead(200, api).end('{}');
    if (url === '/v2/img/manifests/latest') {
      res.writeHead(200, {
        ...api,
        'Content-Type': 'application/vnd.docker.distribution.manifest.v2+json',
        'Docker-Content-Digest': sha256(manifest),
      });
      return void res.end(req.method === 'HEAD' ? undefined : manifest);
    }
    if (url === `/v2/img/blobs/${sha256(config)}`)
      return void res.writeHead(200, { ...api, 'Content-Type': 'application/octet-stream' }).end(config);
    res.writeHead(404, api).end('{"errors":[{"code":"NAME_UNKNOWN","message":"not here"}]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const timer = setTimeout(() => server.close(), lifetimeMs);
  timer.unref();
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    authorizations,
    close: () =>
      new Promise<void>((resolve) => {
        clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
