import { writeFileSync, renameSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { stringify } from 'yaml';

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
