import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { ApiError } from '../api-error.js';
import type { MemoryCluster } from '../memory/memory-cluster.js';
import { apiGroup, apiGroupList, apiResourceList, apiVersions } from './discovery.js';
import { FailurePlan, type InjectedFailure } from './failure-injection.js';
import { sendError, sendJson } from './http-io.js';
import { writeKubeconfig } from './kubeconfig.js';
import { openApiResponse } from './openapi.js';
import { handleResource } from './resource-handler.js';
import type { OpenWatch } from './watch-stream.js';
import { parseApiPath } from './resource-route.js';
import { serverCertificate, type TlsMaterial } from './tls-certificate.js';

export interface ApiServerOptions {
  readonly store: MemoryCluster;
  /** Loopback only by default. */
  readonly host?: string;
  /** 0 (default): any free port. */
  readonly port?: number;
  /** The bearer token clients must send; a random one when absent. */
  readonly token?: string;
  /** Where to write a kubeconfig for this server (cluster, user and context named `contextName`). */
  readonly kubeconfigPath?: string;
  readonly contextName?: string;
  /** The server's certificate; absent: kept in (or created in) `tlsDir`, or a fresh one per start. */
  readonly tls?: TlsMaterial;
  readonly tlsDir?: string;
}

/** A running Kubernetes-compatible endpoint over an embedded store. */
export interface ApiServer {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** The server's self-signed certificate (PEM): the CA clients must trust. */
  readonly caCertificate: string;
  readonly kubeconfigPath?: string;
  /** Test-facing: answer matching requests with an error status instead of serving them. */
  injectFailure(failure: InjectedFailure): void;
  /** Test-facing: forget every injected failure. */
  clearFailures(): void;
  /** Test-facing: how many watch streams are open. */
  openWatchCount(): number;
  /** Test-facing: end every open watch stream (cleanly, or with `abrupt` by resetting the connection). */
  dropWatches(options?: { abrupt?: boolean }): number;
  /** Stops serving (open watches end); the store stays open. */
  close(): Promise<void>;
}

const UNAUTHENTICATED_PATHS = new Set(['/healthz', '/readyz', '/livez', '/version']);

const VERSION_INFO = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0+kovn',
  gitCommit: '',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.23',
  compiler: 'gc',
  platform: 'linux/amd64',
};

/**
 * Serves the store as a Kubernetes API server does, on loopback over https (self-signed) with bearer-token auth:
 * discovery, OpenAPI, get/list/watch/create/update/patch/delete and the status subresource, enough for
 * `kubectl` and @kubernetes/client-node. Writes a kubeconfig when asked.
 */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const failures = new FailurePlan();
  const openWatches = new Set<OpenWatch>();
  const ctx = { store: options.store, openWatches };
  const tls = options.tls ?? (await serverCertificate(options.tlsDir));
  const server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    serve(req, res).catch((err) => sendError(res, err));
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (!UNAUTHENTICATED_PATHS.has(path) && !authorized(req.headers.authorization, token)) {
      throw new ApiError(401, 'Unauthorized', 'Unauthorized');
    }
    const injected = failures.take(req.method ?? 'GET', `${url.pathname}${url.search}`);
    if (injected) throw injected;
    if (path === '/healthz' || path === '/readyz' || path === '/livez') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
      return;
    }
    if (path === '/version') return sendJson(res, 200, VERSION_INFO);
    if (path.startsWith('/openapi/')) return sendJson(res, 200, openApiResponse(path, ctx.store.kinds()) ?? notFound(path));
    const route = parseApiPath(path, ctx.store.kinds());
    const kinds = ctx.store.kinds();
    switch (route.type) {
      case 'apiVersions':
        return sendJson(res, 200, apiVersions());
      case 'groupList':
        return sendJson(res, 200, apiGroupList(kinds));
      case 'group':
        return sendJson(res, 200, apiGroup(kinds, route.group) ?? notFound(path));
      case 'resourceList':
        return sendJson(res, 200, apiResourceList(kinds, route.group, route.version) ?? notFound(path));
      case 'resource':
        return handleResource(ctx, req, res, url, route);
      default:
        throw notFound(path);
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `https://${host}:${address.port}`;
  if (options.kubeconfigPath) writeKubeconfig(options.kubeconfigPath, { server: url, token, caCertificate: tls.cert, name: options.contextName });

  return {
    url,
    port: address.port,
    token,
    caCertificate: tls.cert,
    kubeconfigPath: options.kubeconfigPath,
    injectFailure: (failure) => failures.add(failure),
    clearFailures: () => failures.clear(),
    openWatchCount: () => openWatches.size,
    dropWatches: ({ abrupt = false } = {}) => {
      const open = [...openWatches];
      for (const w of open) {
        if (abrupt) w.destroy();
        else w.end();
      }
      return open.length;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const w of [...openWatches]) w.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function notFound(path: string): never {
  throw new ApiError(404, 'NotFound', `the server could not find the requested resource (${path})`);
}

function authorized(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1].trim());
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
