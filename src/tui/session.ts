import { connectKubeCluster } from '../engine/cluster/kube/kube-cluster.js';
import type { ClusterApi } from '../engine/cluster/types.js';
import { labUp, readLabState } from '../engine/lab/lab-control.js';
import { NbFeed } from './nb-feed.js';
import { ObjectFeed } from './object-feed.js';
import { createTuiStore, type TuiStore } from './store.js';

export type SessionTarget =
  | { readonly kind: 'lab'; readonly stateDir: string }
  | { readonly kind: 'cluster'; readonly kubeconfigPath?: string; readonly context?: string; readonly nbRemote?: string };

export interface SessionOptions {
  readonly readonly?: boolean;
  /** Where lab start-up progress goes (before the screen is taken over). */
  readonly progress?: (line: string) => void;
}

/** A live TUI session: the store, the cluster it reads, and the feeds that keep the store current. */
export interface TuiSession {
  readonly store: TuiStore;
  readonly cluster: ClusterApi;
  stop(): Promise<void>;
}

/**
 * Opens a session on the lab (starting it when it is not running) or on a cluster from a kubeconfig. Never waits
 * for the cluster: sources start as "syncing" and turn "disconnected" when it cannot be reached.
 */
export async function openSession(target: SessionTarget, options: SessionOptions = {}): Promise<TuiSession> {
  let kubeconfigPath: string | undefined;
  let context: string | undefined;
  let nbRemote: string | undefined;
  if (target.kind === 'lab') {
    const status = await labUp(target.stateDir, options.progress ?? (() => {}));
    kubeconfigPath = status.kubeconfig;
    nbRemote = status.nb;
  } else {
    kubeconfigPath = target.kubeconfigPath;
    context = target.context;
    nbRemote = target.nbRemote;
  }
  // The grace bounds how long a silently dead watch may hang before the header says "disconnected".
  const cluster = connectKubeCluster({ ...(kubeconfigPath ? { kubeconfigPath } : {}), ...(context ? { context } : {}) }, undefined, { watchGraceMs: 5000 });
  const store = createTuiStore({ context: cluster.contextName, clusterMode: target.kind, readonly: options.readonly ?? false });
  store.setState({ cluster });
  const objects = new ObjectFeed(store);
  objects.start(cluster);
  const nb = new NbFeed(store);
  void nb.start(nbRemote);
  const health = target.kind === 'lab' ? watchLabHealth(store, target.stateDir) : undefined;
  if (target.kind === 'cluster') store.setState({ engineHealth: 'n/a' });
  return {
    store,
    cluster,
    async stop() {
      if (health) clearInterval(health);
      await Promise.all([objects.stop(), nb.stop()]);
      cluster.close();
    },
  };
}

function watchLabHealth(store: TuiStore, stateDir: string): NodeJS.Timeout {
  const check = () => {
    const state = readLabState(stateDir);
    store.setState({ engineHealth: state.alive ? (state.status?.phase ?? 'unknown') : 'down' });
  };
  check();
  const timer = setInterval(check, 2000);
  timer.unref();
  return timer;
}
