import type { KindInfo } from '../types.js';

/** URL paths of the Kubernetes REST API for one kind (`/api/v1/…` for the core group, `/apis/<group>/<version>/…`). */

function groupVersionPath(info: KindInfo): string {
  return info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
}

/** Collection path; cluster-wide for cluster-scoped kinds or when `namespace` is absent. */
export function collectionPath(info: KindInfo, namespace?: string): string {
  const ns = info.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${groupVersionPath(info)}${ns}/${info.plural}`;
}

export function objectPath(info: KindInfo, name: string, namespace?: string): string {
  return `${collectionPath(info, namespace)}/${encodeURIComponent(name)}`;
}

export function withQuery(path: string, query: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, value);
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}
