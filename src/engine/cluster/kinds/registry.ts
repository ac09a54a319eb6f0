import type { KindInfo } from '../types.js';

/**
 * The kinds kovn serves, addressed as a Kubernetes API server addresses them. The kubeovn.io kinds follow
 * Kube-OVN's CRDs (all cluster-scoped, resource names and short names as Kube-OVN registers them).
 */

function kind(
  kindName: string,
  group: string,
  version: string,
  plural: string,
  namespaced: boolean,
  hasStatus: boolean,
  shortNames: readonly string[] = [],
): KindInfo {
  return Object.freeze({ kind: kindName, group, version, plural, namespaced, hasStatus, shortNames: Object.freeze([...shortNames]) });
}

export const coreKinds: readonly KindInfo[] = Object.freeze([
  kind('Namespace', '', 'v1', 'namespaces', false, true, ['ns']),
  kind('Node', '', 'v1', 'nodes', false, true, ['no']),
  kind('Pod', '', 'v1', 'pods', true, true, ['po']),
  kind('Service', '', 'v1', 'services', true, true, ['svc']),
  kind('Endpoints', '', 'v1', 'endpoints', true, false, ['ep']),
  kind('Event', '', 'v1', 'events', true, false, ['ev']),
  kind('EndpointSlice', 'discovery.k8s.io', 'v1', 'endpointslices', true, false),
  kind('NetworkPolicy', 'networking.k8s.io', 'v1', 'networkpolicies', true, false, ['netpol']),
  kind('Lease', 'coordination.k8s.io', 'v1', 'leases', true, false),
  kind('Deployment', 'apps', 'v1', 'deployments', true, true, ['deploy']),
  kind('StatefulSet', 'apps', 'v1', 'statefulsets', true, true, ['sts']),
  kind('CustomResourceDefinition', 'apiextensions.k8s.io', 'v1', 'customresourcedefinitions', false, true, ['crd', 'crds']),
]);

export const KUBEOVN_GROUP = 'kubeovn.io';

export const kubeovnKinds: readonly KindInfo[] = Object.freeze([
  kind('Vpc', KUBEOVN_GROUP, 'v1', 'vpcs', false, true, ['vpc']),
  kind('Subnet', KUBEOVN_GROUP, 'v1', 'subnets', false, true, ['subnet']),
  // Kube-OVN's IP CRD has no status subresource (the object is all spec).
  kind('IP', KUBEOVN_GROUP, 'v1', 'ips', false, false, ['ip']),
  kind('IPPool', KUBEOVN_GROUP, 'v1', 'ippools', false, true, ['ippool']),
  kind('Vlan', KUBEOVN_GROUP, 'v1', 'vlans', false, true, ['vlan']),
  kind('ProviderNetwork', KUBEOVN_GROUP, 'v1', 'provider-networks', false, true, ['pn']),
  kind('OvnEip', KUBEOVN_GROUP, 'v1', 'ovn-eips', false, true, ['oeip']),
  kind('OvnFip', KUBEOVN_GROUP, 'v1', 'ovn-fips', false, true, ['ofip']),
  kind('OvnSnatRule', KUBEOVN_GROUP, 'v1', 'ovn-snat-rules', false, true, ['osnat']),
  kind('OvnDnatRule', KUBEOVN_GROUP, 'v1', 'ovn-dnat-rules', false, true, ['odnat']),
]);

export const builtinKinds: readonly KindInfo[] = Object.freeze([...coreKinds, ...kubeovnKinds]);

/** `apiVersion` as written in manifests: `v1`, `apps/v1`, `kubeovn.io/v1`. */
export function apiVersionOf(info: KindInfo): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

/** Singular resource names that are not simply the lower-cased kind (kubectl accepts `provider-network`). */
const dashedSingulars: Readonly<Record<string, string>> = {
  ProviderNetwork: 'provider-network',
  OvnEip: 'ovn-eip',
  OvnFip: 'ovn-fip',
  OvnSnatRule: 'ovn-snat-rule',
  OvnDnatRule: 'ovn-dnat-rule',
};

/** Every name a user may type for a kind, lower-cased: kind, plural, singular, short names, `plural.group`. */
function namesOf(info: KindInfo): string[] {
  const singular = dashedSingulars[info.kind];
  const names = [info.kind, info.plural, ...(singular ? [singular] : []), ...(info.shortNames ?? [])];
  if (info.group) names.push(`${info.plural}.${info.group}`, `${info.kind}.${info.group}`);
  if (info.group && singular) names.push(`${singular}.${info.group}`);
  return names.map((n) => n.toLowerCase());
}

const byName: ReadonlyMap<string, KindInfo> = (() => {
  const map = new Map<string, KindInfo>();
  // Kind names win over short names and plurals of other kinds (`ip` is IP's short name and kind).
  for (const info of builtinKinds) map.set(info.kind.toLowerCase(), info);
  for (const info of builtinKinds) for (const name of namesOf(info)) if (!map.has(name)) map.set(name, info);
  return map;
})();

/**
 * Finds a kind by any name kubectl accepts for it, case-insensitively: `Subnet`, `subnets`, `subnet`,
 * `subnets.kubeovn.io`, a short name (`pn`, `svc`), or `plural.version.group` (`subnets.v1.kubeovn.io`).
 */
export function kindInfo(kindOrPluralOrShortName: string): KindInfo | undefined {
  const name = kindOrPluralOrShortName.trim().toLowerCase();
  const direct = byName.get(name);
  if (direct) return direct;
  // `subnets.v1.kubeovn.io`: resource.version.group
  const [resource, version, ...groupParts] = name.split('.');
  const info = resource === undefined ? undefined : byName.get(resource);
  if (info && version === info.version && groupParts.join('.') === info.group) return info;
  return undefined;
}

/** Finds the kind an object declares through `apiVersion` + `kind`; undefined when the pair is not served. */
export function kindInfoFor(apiVersion: string, kindName: string): KindInfo | undefined {
  return builtinKinds.find((k) => k.kind === kindName && apiVersionOf(k) === apiVersion);
}
