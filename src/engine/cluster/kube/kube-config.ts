import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';

/** Where the Kubernetes adapter finds its cluster. */
export type KubeConnection =
  | { readonly kubeconfigPath?: string; readonly context?: string; readonly inCluster?: false }
  | { readonly inCluster: true };

/** A kubeconfig that cannot be used: missing, without the named context, or without a server. */
export class KubeConfigError extends Error {
  override readonly name = 'KubeConfigError';
}

const IN_CLUSTER_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/**
 * Loads a kubeconfig (an explicit path, else $KUBECONFIG, else ~/.kube/config) and selects `context`, or the
 * in-cluster service account. Unlike client-node's `loadFromDefault()`, which silently falls back to
 * http://localhost:8080, it fails with a message that says what is missing.
 */
export function loadKubeConfig(connection: KubeConnection = {}): KubeConfig {
  const kc = new KubeConfig();
  if (connection.inCluster) {
    if (!process.env.KUBERNETES_SERVICE_HOST || !existsSync(IN_CLUSTER_TOKEN)) {
      throw new KubeConfigError(`not running in a cluster: KUBERNETES_SERVICE_HOST is unset or ${IN_CLUSTER_TOKEN} is missing`);
    }
    kc.loadFromCluster();
    return kc;
  }
  const path = connection.kubeconfigPath ?? defaultKubeconfigPath();
  if (!path) throw new KubeConfigError('no kubeconfig found: pass --kubeconfig PATH, set KUBECONFIG, or create ~/.kube/config');
  try {
    kc.loadFromFile(path);
  } catch (err) {
    throw new KubeConfigError(`cannot read the kubeconfig ${path}: ${(err as Error).message}`);
  }
  const context = connection.context ?? kc.getCurrentContext();
  if (!context) throw new KubeConfigError(`the kubeconfig ${path} has no current context; pass --context NAME`);
  if (!kc.getContextObject(context)) {
    const known = kc.getContexts().map((c) => c.name).join(', ') || 'none';
    throw new KubeConfigError(`the kubeconfig ${path} has no context "${context}" (contexts: ${known})`);
  }
  kc.setCurrentContext(context);
  const cluster = kc.getCurrentCluster();
  if (!cluster?.server) throw new KubeConfigError(`the context "${context}" in ${path} names no cluster with a server`);
  return allowPlainHttp(kc);
}

/** The first file of $KUBECONFIG (colon-separated), else ~/.kube/config; undefined when none exists. */
function defaultKubeconfigPath(): string | undefined {
  const fromEnv = process.env.KUBECONFIG?.split(':').find((p) => p && existsSync(p));
  if (fromEnv) return fromEnv;
  const home = join(homedir(), '.kube', 'config');
  return existsSync(home) ? home : undefined;
}

/** client-node refuses plain http: servers unless the cluster entry says skipTLSVerify (there is no TLS to verify). */
function allowPlainHttp(kc: KubeConfig): KubeConfig {
  const cluster = kc.getCurrentCluster();
  if (!cluster || !cluster.server.startsWith('http:') || cluster.skipTLSVerify) return kc;
  const fixed = new KubeConfig();
  fixed.loadFromOptions({
    clusters: kc.getClusters().map((c) => (c.name === cluster.name ? { ...c, skipTLSVerify: true } : c)),
    users: kc.getUsers(),
    contexts: kc.getContexts(),
    currentContext: kc.getCurrentContext(),
  });
  return fixed;
}

/** The namespace of the current context, `default` when it names none. */
export function contextNamespace(kc: KubeConfig): string {
  return kc.getContextObject(kc.getCurrentContext())?.namespace ?? 'default';
}
