/**
 * `o` on a subnet: overlay or underlay; for underlay an existing Vlan or a new one on a provider network, and
 * the logicalGateway / u2oInterconnection options.
 */
import { planSubnetMode, validateNewVlanField, validateSubnetField, type ClusterSnapshot, type SubnetModeInput } from '../../actions/index.js';
import type { Subnet, SubnetSpec } from '../../engine/cluster/kinds/kubeovn-types.js';
import { planAndShow } from '../action-flow.js';
import type { FormSpec, FormValues } from '../form/form-types.js';
import { flagOf, textOf } from '../form/form-values.js';
import { definedOnly, firstIssueText } from './issue-text.js';

/** The Vlan choice that means "create one". */
export const NEW_VLAN = '+ new Vlan';

const underlay = (v: FormValues) => textOf(v, 'mode') === 'underlay';
const creating = (v: FormValues) => underlay(v) && textOf(v, 'vlan') === NEW_VLAN;

function modeOf(values: FormValues): SubnetModeInput['mode'] {
  if (!underlay(values)) return 'overlay';
  if (!creating(values)) return { vlan: textOf(values, 'vlan') };
  const id = Number(textOf(values, 'vlanId').trim());
  return { vlan: textOf(values, 'vlanName').trim(), createVlan: { id, provider: textOf(values, 'provider') } };
}

function underlaySpec(spec: SubnetSpec, values: FormValues): SubnetSpec {
  return { ...spec, vlan: creating(values) ? textOf(values, 'vlanName').trim() : textOf(values, 'vlan'), logicalGateway: flagOf(values, 'logicalGateway'), u2oInterconnection: flagOf(values, 'u2oInterconnection') };
}

function problems(subnet: Subnet, snapshot: ClusterSnapshot, values: FormValues): Record<string, string | undefined> {
  if (!underlay(values)) return {};
  const name = subnet.metadata.name;
  const spec = underlaySpec(subnet.spec, values);
  const options = { snapshot, existing: true };
  const ofSubnet = (field: 'vlan' | 'logicalGateway' | 'u2oInterconnection') => firstIssueText(validateSubnetField(field, spec[field], { name, spec }, options));
  const toggles = { logicalGateway: spec.logicalGateway ? ofSubnet('logicalGateway') : undefined, u2oInterconnection: spec.u2oInterconnection ? ofSubnet('u2oInterconnection') : undefined };
  if (!creating(values)) return { vlan: ofSubnet('vlan'), ...toggles };
  const vlanName = textOf(values, 'vlanName').trim();
  const idText = textOf(values, 'vlanId').trim();
  const vlanSpec = { id: Number(idText), provider: textOf(values, 'provider') };
  const ofVlan = (field: 'name' | 'id' | 'provider', value: unknown) => firstIssueText(validateNewVlanField(field, value, { name: vlanName, spec: vlanSpec }, { snapshot }));
  return {
    vlanName: ofVlan('name', vlanName),
    vlanId: /^\d+$/.test(idText) ? ofVlan('id', vlanSpec.id) : `id "${idText}": must be a number in 0..4095`,
    provider: ofVlan('provider', vlanSpec.provider),
    ...toggles,
  };
}

export function subnetModeForm(subnet: Subnet, snapshot: ClusterSnapshot): FormSpec {
  const vlans = snapshot.vlans.map((v) => v.metadata.name);
  const providers = snapshot.providerNetworks.map((p) => p.metadata.name);
  const current = subnet.spec.vlan;
  return {
    title: `Overlay or underlay: subnet ${subnet.metadata.name} (now ${current ? `underlay on Vlan ${current}` : 'overlay'})`,
    fields: [
      { kind: 'choice', id: 'mode', label: 'mode', options: ['overlay', 'underlay'] },
      { kind: 'choice', id: 'vlan', label: 'Vlan', options: [...vlans, NEW_VLAN], visible: underlay },
      { kind: 'text', id: 'vlanName', label: 'new Vlan name', placeholder: 'e.g. vlan100', visible: creating },
      { kind: 'text', id: 'vlanId', label: 'new Vlan id', placeholder: '0..4095, 0 = untagged', visible: creating },
      { kind: 'choice', id: 'provider', label: 'provider network', options: providers.length > 0 ? providers : [''], visible: creating },
      { kind: 'toggle', id: 'logicalGateway', label: 'logicalGateway', visible: underlay },
      { kind: 'toggle', id: 'u2oInterconnection', label: 'u2oInterconnection', visible: underlay },
    ],
    initial: {
      // The switch most likely wanted: the other mode.
      mode: current ? 'overlay' : 'underlay',
      vlan: current && vlans.includes(current) ? current : (vlans[0] ?? NEW_VLAN),
      vlanName: '',
      vlanId: '',
      provider: providers[0] ?? '',
      logicalGateway: subnet.spec.logicalGateway === true,
      u2oInterconnection: subnet.spec.u2oInterconnection === true,
    },
    check: (values) => definedOnly(problems(subnet, snapshot, values)),
    submit: (values, store) => {
      const input: SubnetModeInput = {
        subnet: subnet.metadata.name,
        mode: modeOf(values),
        ...(underlay(values) ? { logicalGateway: flagOf(values, 'logicalGateway'), u2oInterconnection: flagOf(values, 'u2oInterconnection') } : {}),
      };
      planAndShow(store, input.mode === 'overlay' ? 'switch to overlay' : 'switch to underlay', (ctx) => planSubnetMode(ctx, input));
    },
  };
}
