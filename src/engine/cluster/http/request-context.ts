import type { MemoryCluster } from '../memory/memory-cluster.js';
import type { KindInfo } from '../types.js';
import type { OpenWatch } from './watch-stream.js';

/** What a resource path addresses. */
export interface ResourceRequest {
  readonly info: KindInfo;
  readonly namespace?: string;
  readonly name?: string;
  readonly subresource?: string;
}

/** What every request handler works with. */
export interface HandlerContext {
  readonly store: MemoryCluster;
  readonly openWatches: Set<OpenWatch>;
}

/** A boolean query parameter as the API server reads it. */
export function isTrue(value: string | null): boolean {
  return value === 'true' || value === '1';
}

/** The namespace and selectors of a list or watch request. */
export function selectors(url: URL, r: ResourceRequest) {
  return {
    ...(r.namespace ? { namespace: r.namespace } : {}),
    labelSelector: url.searchParams.get('labelSelector') ?? undefined,
    fieldSelector: url.searchParams.get('fieldSelector') ?? undefined,
  };
}
