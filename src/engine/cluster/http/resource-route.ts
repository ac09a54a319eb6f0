import type { KindInfo } from '../types.js';

/** What a request path addresses. */
export type ApiRoute =
  | { readonly type: 'apiVersions' }
  | { readonly type: 'groupList' }
  | { readonly type: 'group'; readonly group: string }
  | { readonly type: 'resourceList'; readonly group: string; readonly version: string }
  | {
      readonly type: 'resource';
      readonly info: KindInfo;
      readonly namespace?: string;
      readonly name?: string;
      readonly subresource?: string;
    }
  | { readonly type: 'unknown' };

/**
 * Reads a Kubernetes API path: `/api/v1/namespaces/NS/pods/NAME/status`, `/apis/kubeovn.io/v1/subnets`, …
 * `/api/v1/namespaces/NAME[/status]` addresses the Namespace object itself.
 */
export function parseApiPath(pathname: string, kinds: readonly KindInfo[]): ApiRoute {
  const segments = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  let group: string;
  let version: string | undefined;
  let rest: string[];
  if (segments[0] === 'api') {
    if (segments.length === 1) return { type: 'apiVersions' };
    [group, version, rest] = ['', segments[1], segments.slice(2)];
  } else if (segments[0] === 'apis') {
    if (segments.length === 1) return { type: 'groupList' };
    if (segments.length === 2) return { type: 'group', group: segments[1] };
    [group, version, rest] = [segments[1], segments[2], segments.slice(3)];
  } else {
    return { type: 'unknown' };
  }
  if (rest.length === 0) return { type: 'resourceList', group, version };
  const inVersion = kinds.filter((k) => k.group === group && k.version === version);
  const byPlural = (plural: string) => inVersion.find((k) => k.plural === plural);
  const nested = rest[0] === 'namespaces' && rest.length >= 3 ? byPlural(rest[2]) : undefined;
  if (nested?.namespaced) {
    if (rest.length > 5) return { type: 'unknown' };
    return { type: 'resource', info: nested, namespace: rest[1], name: rest[3], subresource: rest[4] };
  }
  const info = byPlural(rest[0]);
  if (!info || rest.length > 3) return { type: 'unknown' };
  return { type: 'resource', info, name: rest[1], subresource: rest[2] };
}
