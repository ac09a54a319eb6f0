import { readFileSync, writeFileSync, renameSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parse, stringify } from 'yaml';

/** What a kubeconfig for a kovn endpoint holds. */
export interface KubeconfigSpec {
  readonly server: string;
  readonly token: string;
  /** PEM of the server's certificate (self-signed, so it is the CA). */
  readonly caCertificate?: string;
  /** Cluster, user and context name; default `kovn-lab`. */
  readonly name?: string;
}

/** A kubeconfig with one cluster, user and context of the same name, authenticating with a bearer token. */
export function kubeconfigText(spec: KubeconfigSpec): string {
  const name = spec.name ?? 'kovn-lab';
  const ca = spec.caCertificate ? { 'certificate-authority-data': Buffer.from(spec.caCertificate).toString('base64') } : {};
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server: spec.server, ...ca } }],
    users: [{ name, user: { token: spec.token } }],
    contexts: [{ name, context: { cluster: name, user: name, namespace: 'default' } }],
    'current-context': name,
    preferences: {},
  });
}

/** Writes the kubeconfig readable by its owner only (it holds the token), replacing any old one atomically. */
export function writeKubeconfig(path: string, spec: KubeconfigSpec): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, kubeconfigText(spec), { mode: 0o600 });
  renameSync(tmp, path);
}

/** Where and how to reach a cluster, as read from a kubeconfig. */
export interface KubeconfigTarget {
  readonly server: string;
  readonly token?: string;
  /** PEM of the CA to trust for this server, when the kubeconfig names one. */
  readonly caCertificate?: string;
  readonly insecureSkipTlsVerify: boolean;
  readonly namespace: string;
  readonly context: string;
}

interface KubeconfigFile {
  clusters?: { name: string; cluster: { server: string; 'certificate-authority-data'?: string; 'certificate-authority'?: string; 'insecure-skip-tls-verify'?: boolean } }[];
  users?: { name: string; user: { token?: string } }[];
  contexts?: { name: string; context: { cluster: string; user: string; namespace?: string } }[];
  'current-context'?: string;
}

/** Reads the server, token and namespace of a context (default: the current one); the error names what is missing. */
export function readKubeconfig(path: string, contextName?: string): KubeconfigTarget {
  let config: KubeconfigFile;
  try {
    config = (parse(readFileSync(path, 'utf8')) ?? {}) as KubeconfigFile;
  } catch (err) {
    throw new Error(`cannot read the kubeconfig ${path}: ${(err as Error).message}`);
  }
  const name = contextName ?? config['current-context'];
  if (!name) throw new Error(`the kubeconfig ${path} has no current context; pass --context NAME`);
  const context = config.contexts?.find((c) => c.name === name)?.context;
  if (!context) throw new Error(`the kubeconfig ${path} has no context "${name}"`);
  const cluster = config.clusters?.find((c) => c.name === context.cluster)?.cluster;
  if (!cluster?.server) throw new Error(`the kubeconfig ${path} has no cluster "${context.cluster}" (context "${name}")`);
  const user = config.users?.find((u) => u.name === context.user)?.user;
  const caData = cluster['certificate-authority-data'];
  const caFile = cluster['certificate-authority'];
  const caCertificate = caData ? Buffer.from(caData, 'base64').toString('utf8') : caFile ? readFileSync(caFile, 'utf8') : undefined;
  return {
    server: cluster.server,
    token: user?.token,
    ...(caCertificate ? { caCertificate } : {}),
    insecureSkipTlsVerify: cluster['insecure-skip-tls-verify'] === true,
    namespace: context.namespace ?? 'default',
    context: name,
  };
}
