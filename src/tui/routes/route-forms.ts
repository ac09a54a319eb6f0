/** The forms that add one static or policy route to the route editor's draft, checked by the VPC rules. */
import { validateVpcField, withPolicyRoute, withStaticRoute, type ClusterSnapshot } from '../../actions/index.js';
import type { PolicyRoute, StaticRoute } from '../../engine/cluster/kinds/kubeovn-types.js';
import { transientReasons, type ValidationIssue } from '../../engine/controller/validation/index.js';
import type { FormSpec, FormValues } from '../form/form-types.js';
import { textOf } from '../form/form-values.js';
import type { TuiStore } from '../store.js';
import type { RouteDraft } from './route-draft.js';

function staticRouteOf(values: FormValues): StaticRoute {
  const table = textOf(values, 'routeTable').trim();
  return {
    cidr: textOf(values, 'cidr').trim(),
    nextHopIP: textOf(values, 'nextHopIP').trim(),
    policy: textOf(values, 'policy') === 'src' ? 'policySrc' : 'policyDst',
    ...(table ? { routeTable: table } : {}),
  };
}

function policyRouteOf(values: FormValues): PolicyRoute {
  const action = textOf(values, 'action') as 'allow' | 'drop' | 'reroute';
  const nextHopIP = textOf(values, 'nextHopIP').trim();
  return { priority: Number(textOf(values, 'priority').trim()), match: textOf(values, 'match').trim(), action, ...(action === 'reroute' ? { nextHopIP } : {}) };
}

/** Issues of entry `index` of a route list, by the form field they belong to (`spec.staticRoutes[2].cidr` → cidr). */
function problemsOfEntry(issues: readonly ValidationIssue[], list: string, index: number, fallback: string): Record<string, string> {
  const prefix = `spec.${list}[${index}]`;
  const problems: Record<string, string> = {};
  for (const i of issues.filter((x) => x.field.startsWith(prefix) && !transientReasons.has(x.reason))) {
    const field = i.field.slice(prefix.length + 1) || fallback;
    const text = `${i.message}${i.conflictsWith ? ` [${i.conflictsWith}]` : ''}`;
    problems[field] ??= text;
  }
  return problems;
}

function backToEditor(store: TuiStore, change: (draft: RouteDraft) => RouteDraft): void {
  const draft = store.getState().routeDraft;
  store.setState({ mode: 'routes', form: undefined, ...(draft ? { routeDraft: change(draft) } : {}) });
}

const returnToEditor = (store: TuiStore) => store.setState({ mode: 'routes' });

/** Adds (or replaces, same cidr/policy/table) a static route in the draft. */
export function staticRouteForm(draft: RouteDraft, snapshot: ClusterSnapshot): FormSpec {
  const vpc = snapshot.vpcs.find((v) => v.metadata.name === draft.vpc);
  return {
    title: `Add a static route to VPC ${draft.vpc}`,
    fields: [
      { kind: 'text', id: 'cidr', label: 'destination CIDR', placeholder: 'e.g. 10.2.0.0/16, or an IP' },
      { kind: 'text', id: 'nextHopIP', label: 'next hop', placeholder: 'an IP' },
      { kind: 'choice', id: 'policy', label: 'match on', options: ['dst', 'src'] },
      { kind: 'text', id: 'routeTable', label: 'route table', placeholder: 'main' },
    ],
    initial: { cidr: '', nextHopIP: '', policy: 'dst', routeTable: '' },
    check: (values) => {
      const route = staticRouteOf(values);
      const routes = withStaticRoute(draft.staticRoutes, route);
      const issues = validateVpcField('staticRoutes', routes, { name: draft.vpc, spec: { ...vpc?.spec, policyRoutes: [...draft.policyRoutes] } }, { snapshot, existing: true });
      return problemsOfEntry(issues, 'staticRoutes', routes.indexOf(route), 'cidr');
    },
    submit: (values, store) => backToEditor(store, (d) => ({ ...d, staticRoutes: withStaticRoute(d.staticRoutes, staticRouteOf(values)) })),
    cancel: returnToEditor,
  };
}

/** Adds (or replaces, same priority and match) a policy route in the draft. */
export function policyRouteForm(draft: RouteDraft, snapshot: ClusterSnapshot): FormSpec {
  const vpc = snapshot.vpcs.find((v) => v.metadata.name === draft.vpc);
  return {
    title: `Add a policy route to VPC ${draft.vpc}`,
    fields: [
      { kind: 'text', id: 'priority', label: 'priority', placeholder: '0..32767' },
      { kind: 'text', id: 'match', label: 'match', placeholder: 'e.g. ip4.src == 10.0.1.0/24' },
      { kind: 'choice', id: 'action', label: 'action', options: ['allow', 'drop', 'reroute'] },
      { kind: 'text', id: 'nextHopIP', label: 'next hop', placeholder: 'IP, or IP,IP for ECMP', visible: (v) => textOf(v, 'action') === 'reroute' },
    ],
    initial: { priority: '', match: '', action: 'reroute', nextHopIP: '' },
    check: (values) => {
      const priorityText = textOf(values, 'priority').trim();
      const numeric = /^\d+$/.test(priorityText);
      // A priority that is not a number is reported here; the rest is checked as if it were 0.
      const route = policyRouteOf(numeric ? values : { ...values, priority: '0' });
      const routes = withPolicyRoute(draft.policyRoutes, route);
      const issues = validateVpcField('policyRoutes', routes, { name: draft.vpc, spec: { ...vpc?.spec, staticRoutes: [...draft.staticRoutes] } }, { snapshot, existing: true });
      const problems = problemsOfEntry(issues, 'policyRoutes', routes.indexOf(route), 'match');
      return numeric ? problems : { ...problems, priority: `priority "${priorityText}": must be a number in 0..32767` };
    },
    submit: (values, store) => backToEditor(store, (d) => ({ ...d, policyRoutes: withPolicyRoute(d.policyRoutes, policyRouteOf(values)) })),
    cancel: returnToEditor,
  };
}
