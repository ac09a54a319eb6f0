import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { HttpClusterClient } from './http-cluster-client.js';
import { readKubeconfig, type KubeconfigTarget } from './kubeconfig.js';

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

/** Which cluster a CLI verb talks to: an explicit kubeconfig, else the endpoint of a lab's state directory. */
export function resolveClusterTarget(flags: TargetFlags): KubeconfigTarget {
  if (flags.kubeconfig) return readKubeconfig(flags.kubeconfig, flags.context);
  const stateDir = flags.stateDir ?? defaultLabStateDir();
  const path = labKubeconfigPath(stateDir);
  if (!existsSync(path)) {
    throw new Error(
      `no kovn API endpoint for the state directory ${stateDir} (${path} does not exist): start one with ` +
        `\`kovn api serve --state-dir ${stateDir}\` or \`kovn lab up\`, or pass --kubeconfig FILE`,
    );
  }
  return readKubeconfig(path, flags.context);
}

/** A ClusterApi client for the target the flags name (see `resolveClusterTarget`). */
export async function connectCluster(flags: TargetFlags): Promise<{ cluster: HttpClusterClient; namespace: string }> {
  const target = resolveClusterTarget(flags);
  return { cluster: new HttpClusterClient(target), namespace: target.namespace };
}
