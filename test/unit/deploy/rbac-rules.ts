/**
 * Kubernetes RBAC evaluation for the manifests in deploy/: which rules a ServiceAccount holds through its
 * (Cluster)RoleBindings, and whether a request is allowed. Follows the RBAC authorizer: a ClusterRoleBinding
 * grants its ClusterRole everywhere, a RoleBinding grants its Role or ClusterRole in the binding's namespace only;
 * resourceNames never match create, list or watch.
 */
import type { ApiRequest } from './recording-cluster.js';

export interface PolicyRule {
  readonly apiGroups?: string[];
  readonly resources?: string[];
  readonly verbs: string[];
  readonly resourceNames?: string[];
}

export interface ManifestObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { name: string; namespace?: string };
  readonly rules?: PolicyRule[];
  readonly roleRef?: { apiGroup: string; kind: 'Role' | 'ClusterRole'; name: string };
  readonly subjects?: { kind: string; name: string; namespace?: string }[];
  readonly [field: string]: unknown;
}

/** One rule as granted to a subject: the role it comes from and where it applies (undefined: everywhere). */
export interface GrantedRule {
  readonly role: string;
  readonly rule: PolicyRule;
  readonly namespace?: string;
}

export function grantedRules(objects: readonly ManifestObject[], serviceAccount: { name: string; namespace: string }): GrantedRule[] {
  const granted: GrantedRule[] = [];
  for (const binding of objects) {
    if (binding.kind !== 'ClusterRoleBinding' && binding.kind !== 'RoleBinding') continue;
    const bound = binding.subjects?.some((s) => s.kind === 'ServiceAccount' && s.name === serviceAccount.name && s.namespace === serviceAccount.namespace);
    if (!bound || !binding.roleRef) continue;
    const ref = binding.roleRef;
    const role = objects.find((o) => o.kind === ref.kind && o.metadata.name === ref.name && (ref.kind === 'ClusterRole' || o.metadata.namespace === binding.metadata.namespace));
    if (!role) throw new Error(`${binding.kind} ${binding.metadata.name}: ${ref.kind} ${ref.name} is not in the manifests`);
    const namespace = binding.kind === 'RoleBinding' ? binding.metadata.namespace : undefined;
    for (const rule of role.rules ?? []) granted.push({ role: `${role.kind} ${role.metadata.name}`, rule, ...(namespace ? { namespace } : {}) });
  }
  return granted;
}

const includes = (list: readonly string[] | undefined, value: string) => (list ?? []).includes('*') || (list ?? []).includes(value);

export function ruleAllows(granted: GrantedRule, request: ApiRequest): boolean {
  const { rule } = granted;
  if (granted.namespace !== undefined && granted.namespace !== request.namespace) return false;
  if (!includes(rule.apiGroups, request.group) || !includes(rule.resources, request.resource) || !includes(rule.verbs, request.verb)) return false;
  if (rule.resourceNames?.length) return request.name !== undefined && rule.resourceNames.includes(request.name);
  return true;
}

export function allowed(rules: readonly GrantedRule[], request: ApiRequest): boolean {
  return rules.some((r) => ruleAllows(r, request));
}

/** A grant as the least-privilege check names it: `verb group/resource [in namespace]`. */
export function grantKey(verb: string, group: string, resource: string, namespace?: string): string {
  return `${verb} ${group || 'core'}/${resource}${namespace ? ` in ${namespace}` : ''}`;
}
