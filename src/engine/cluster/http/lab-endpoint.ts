import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { MemoryCluster } from '../memory/memory-cluster.js';
import { startApiServer, type ApiServer } from './api-server.js';
import { labKubeconfigPath } from './cluster-target.js';

export interface LabEndpointOptions {
  readonly store: MemoryCluster;
  /** The lab's state directory: the endpoint keeps `api/` (certificate, key, token) and `kubeconfig` there. */
  readonly stateDir: string;
  /** 0 (default): any free port. */
  readonly port?: number;
  readonly contextName?: string;
}

/** The endpoint's token, kept beside its certificate so kubeconfigs written earlier stay valid after a restart. */
function endpointToken(dir: string): string {
  const path = join(dir, 'token');
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const token = randomBytes(24).toString('hex');
  writeFileSync(path, `${token}\n`, { mode: 0o600 });
  return token;
}

/**
 * Serves a lab's store the way `kovn api serve` and `kovn lab up` do: certificate and token kept (and reused)
 * in `STATE/api/`, kubeconfig written to `STATE/kubeconfig`, where `kovn get/apply/delete --state-dir` look.
 */
export async function startLabEndpoint(options: LabEndpointOptions): Promise<ApiServer> {
  const apiDir = join(options.stateDir, 'api');
  mkdirSync(apiDir, { recursive: true, mode: 0o700 });
  return startApiServer({
    store: options.store,
    port: options.port ?? 0,
    token: endpointToken(apiDir),
    tlsDir: apiDir,
    kubeconfigPath: labKubeconfigPath(options.stateDir),
    contextName: options.contextName,
  });
}
