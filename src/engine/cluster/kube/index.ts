/** The Kubernetes adapter: ClusterApi on a real API server, plus informers and conflict retries for any ClusterApi. */
export { KubeCluster, WatchEndedError, connectKubeCluster, type KubeClusterOptions } from './kube-cluster.js';
export { loadKubeConfig, KubeConfigError, type KubeConnection } from './kube-config.js';
export { apiErrorFromStatus, toApiError } from './kube-errors.js';
export { Informer, type InformerHandlers, type InformerOptions } from './informer.js';
export { SourceStates, type SourcePhase, type SourceState, type SourceStateListener } from './source-state.js';
export { retryOnConflict, type RetryOptions } from './retry-on-conflict.js';
export { Backoff, type BackoffOptions } from './backoff.js';
