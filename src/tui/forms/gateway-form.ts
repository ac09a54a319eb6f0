/**
 * `w` on a subnet: distributed or centralized egress; for centralized the gateway nodes picked from the node
 * list (each with an optional egress IP), node selectors and ECMP; NAT outgoing either way.
 */
import { gatewayNodeText, planSubnetGateway, validateSubnetField, type ClusterSnapshot, type GatewayNodeChoice, type SubnetGatewayInput } from '../../actions/index.js';
import type { LabelSelector, Subnet } from '../../engine/cluster/kinds/kubeovn-types.js';
import { planAndShow } from '../action-flow.js';
import type { FormSpec, FormValues, PickedItem } from '../form/form-types.js';
import { flagOf, pickedOf, textOf } from '../form/form-values.js';
import { definedOnly, firstIssueText } from './issue-text.js';

const centralized = (v: FormValues) => textOf(v, 'gatewayType') === 'centralized';

/** `zone=a,disk=ssd; role=gw` → two selectors by labels. Throws a sentence naming the bad part. */
export function parseSelectors(text: string): LabelSelector[] {
  return text
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const matchLabels: Record<string, string> = {};
      for (const pair of part.split(',')) {
        const [key, value, ...rest] = pair.trim().split('=');
        if (!key || value === undefined || rest.length > 0) throw new Error(`selectors "${part}": expected key=value[,key=value][; …], "${pair.trim()}" is not key=value`);
        matchLabels[key.trim()] = value.trim();
      }
      return { matchLabels };
    });
}

export function selectorsText(selectors: readonly LabelSelector[] | undefined): string {
  return (selectors ?? []).map((s) => Object.entries(s.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',')).join('; ');
}

/** `n1:172.18.0.2,n2` → picked items in order. */
function pickedFromSpec(gatewayNode: string | undefined): PickedItem[] {
  return (gatewayNode ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const at = entry.indexOf(':');
      return at < 0 ? { value: entry, text: '' } : { value: entry.slice(0, at), text: entry.slice(at + 1) };
    });
}

const nodesOf = (values: FormValues): GatewayNodeChoice[] => pickedOf(values, 'nodes').map((p) => ({ name: p.value, ...(p.text.trim() ? { egressIP: p.text.trim() } : {}) }));

function nodeNote(snapshot: ClusterSnapshot, name: string): string | undefined {
  const node = snapshot.nodes.find((n) => n.metadata.name === name);
  if (!node) return 'no such Node';
  const ready = (node.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions?.find((c) => c.type === 'Ready');
  return ready && ready.status !== 'True' ? 'not Ready' : undefined;
}

export function gatewayForm(subnet: Subnet, snapshot: ClusterSnapshot): FormSpec {
  const name = subnet.metadata.name;
  const initialPicked = pickedFromSpec(subnet.spec.gatewayNode);
  const nodeNames = [...new Set([...snapshot.nodes.map((n) => n.metadata.name), ...initialPicked.map((p) => p.value)])];
  const initialSelectors = selectorsText(subnet.spec.gatewayNodeSelectors);
  const selectorsOf = (values: FormValues): LabelSelector[] | undefined => {
    const text = textOf(values, 'selectors');
    // Unedited, the current selectors are kept as they are (matchExpressions have no text form here).
    return text === initialSelectors ? undefined : parseSelectors(text);
  };
  return {
    title: `Gateway of subnet ${name} (now ${subnet.spec.gatewayType || 'distributed'}${subnet.spec.gatewayNode ? ` via ${subnet.spec.gatewayNode}` : ''})`,
    fields: [
      { kind: 'choice', id: 'gatewayType', label: 'gateway type', options: ['distributed', 'centralized'] },
      { kind: 'pick', id: 'nodes', label: 'gateway nodes', itemText: 'egress IP', options: nodeNames.map((n) => ({ value: n, note: nodeNote(snapshot, n) })), visible: centralized },
      { kind: 'text', id: 'selectors', label: 'node selectors', placeholder: 'optional: key=value,…; key=value', visible: centralized },
      { kind: 'toggle', id: 'enableEcmp', label: 'ECMP', visible: centralized },
      { kind: 'toggle', id: 'natOutgoing', label: 'NAT outgoing' },
    ],
    initial: {
      gatewayType: subnet.spec.gatewayType || 'distributed',
      nodes: initialPicked,
      selectors: initialSelectors,
      enableEcmp: subnet.spec.enableEcmp === true,
      natOutgoing: subnet.spec.natOutgoing === true,
    },
    check: (values) => {
      if (!centralized(values)) return {};
      let selectors: LabelSelector[] | undefined;
      let selectorProblem: string | undefined;
      try {
        selectors = selectorsOf(values);
      } catch (err) {
        selectorProblem = (err as Error).message;
      }
      const gatewayNode = gatewayNodeText(nodesOf(values));
      const spec = { ...subnet.spec, gatewayType: 'centralized' as const, gatewayNode, gatewayNodeSelectors: selectors ?? subnet.spec.gatewayNodeSelectors };
      const of = (field: 'gatewayNode' | 'gatewayNodeSelectors') => firstIssueText(validateSubnetField(field, spec[field], { name, spec }, { snapshot, existing: true }));
      return definedOnly({ nodes: of('gatewayNode'), selectors: selectorProblem ?? (selectors?.length ? of('gatewayNodeSelectors') : undefined) });
    },
    submit: (values, store) => {
      const type = centralized(values) ? 'centralized' : 'distributed';
      const selectors = type === 'centralized' ? selectorsOf(values) : undefined;
      // Toggles left as they were are not sent, so the plan shows no `(unset) → false` for them.
      const ecmp = flagOf(values, 'enableEcmp');
      const nat = flagOf(values, 'natOutgoing');
      const input: SubnetGatewayInput = {
        subnet: name,
        gatewayType: type,
        ...(type === 'centralized' ? { nodes: nodesOf(values) } : {}),
        ...(type === 'centralized' && ecmp !== (subnet.spec.enableEcmp === true) ? { enableEcmp: ecmp } : {}),
        ...(selectors ? { selectors } : {}),
        ...(nat !== (subnet.spec.natOutgoing === true) ? { natOutgoing: nat } : {}),
      };
      planAndShow(store, 'gateway', (ctx) => planSubnetGateway(ctx, input));
    },
  };
}
