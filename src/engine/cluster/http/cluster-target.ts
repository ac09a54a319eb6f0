import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ClusterApi } from '../types.js';
import { builtinKinds } from '../kinds/registry.js';

/** The lab's state directory unless told otherwise: `$XDG_STATE_HOME/kovn/lab` or `~/.local/state/kovn/lab`. */
export function defaultLabStateDir(): string {
  const base = process.env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return join(base, 'kovn', 'lab');
}

/** The kubeconfig `kovn api serve` (and the lab) write for their endpoint. */
export function labKubeconfigPath(stateDir: string): string {
  return join(stateDir, 'kubeconfig');
}

export interface TargetFlags {
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly stateDir?: string;
}

/**
 * The kubeconfig a CLI verb uses: an explicit one, else the endpoint of a lab's state directory (with a message
 * that says how to start one when there is none).
 */
export function resolveKubeconfigPath(flags: TargetFlags): string {
  if (flags.kubeconfig) return flags.kubeconfig;
  const stateDir = flags.stateDir ?? defaultLabStateDir();
  const path = labKubeconfigPath(stateDir);
  if (!existsSync(path)) {
    throw new Error(
      `no kovn API endpoint for the state directory ${stateDir} (${path} does not exist): start one with ` +
        `\`kovn api serve --state-dir ${stateDir}\` or \`kovn lab up\`, or pass --kubeconfig FILE`,
    );
  }
  return path;
}

/**
 * A ClusterApi client (the client-node adapter) for the target the flags name, and the namespace its
 * context selects.
 */
export async function connectCluster(flags: TargetFlags): Promise<{ cluster: ClusterApi; namespace: string }> {
  const kubeconfigPath = resolveKubeconfigPath(flags);
  // @kubernetes/client-node takes ~0.4 s to load: only commands that connect pay for it (not `kovn lab up`,
  // nor the lab daemon, which serves its own store).
  const [{ connectKubeCluster }, { contextNamespace, loadKubeConfig }] = await Promise.all([import('../kube/kube-cluster.js'), import('../kube/kube-config.js')]);
  const connection = { kubeconfigPath, ...(flags.context ? { context: flags.context } : {}) };
  // Like kubectl, reject unknown fields instead of dropping them silently.
  const cluster = connectKubeCluster(connection, builtinKinds, { fieldValidation: 'Strict' });
  return { cluster, namespace: contextNamespace(loadKubeConfig(connection)) };
}
