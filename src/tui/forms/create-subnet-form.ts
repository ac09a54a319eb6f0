/** `c` on the subnet table: name, CIDR, VPC, gateway, excluded IPs, NAT, each checked as it is typed. */
import { planCreateSubnet, validateSubnetField, type ClusterSnapshot, type SubnetField } from '../../actions/index.js';
import type { SubnetSpec } from '../../engine/cluster/kinds/kubeovn-types.js';
import { planAndShow } from '../action-flow.js';
import type { FormSpec, FormValues } from '../form/form-types.js';
import { flagOf, listOf, textOf } from '../form/form-values.js';
import { definedOnly, firstIssueText } from './issue-text.js';

function specOf(values: FormValues): SubnetSpec {
  const excludeIps = listOf(textOf(values, 'excludeIps'));
  const gateway = textOf(values, 'gateway').trim();
  return {
    cidrBlock: textOf(values, 'cidrBlock').trim(),
    vpc: textOf(values, 'vpc'),
    ...(gateway ? { gateway } : {}),
    ...(excludeIps.length > 0 ? { excludeIps } : {}),
    ...(flagOf(values, 'natOutgoing') ? { natOutgoing: true } : {}),
  };
}

/** `vpc`: the VPC the new subnet goes in at first (the one drilled into, else the default one). */
export function createSubnetForm(snapshot: ClusterSnapshot, vpc: string): FormSpec {
  const vpcs = snapshot.vpcs.map((v) => v.metadata.name);
  return {
    title: 'Create a subnet',
    fields: [
      { kind: 'text', id: 'name', label: 'name', placeholder: 'lower-case letters, digits, -' },
      { kind: 'text', id: 'cidrBlock', label: 'CIDR', placeholder: 'e.g. 10.20.0.0/24, or v4,v6' },
      { kind: 'choice', id: 'vpc', label: 'VPC', options: vpcs.length > 0 ? vpcs : [vpc] },
      { kind: 'text', id: 'gateway', label: 'gateway', placeholder: 'optional: the first address' },
      { kind: 'text', id: 'excludeIps', label: 'excluded IPs', placeholder: 'optional: IP or a..b, comma separated' },
      { kind: 'toggle', id: 'natOutgoing', label: 'NAT outgoing' },
    ],
    initial: { name: '', cidrBlock: '', vpc, gateway: '', excludeIps: '', natOutgoing: false },
    check: (values) => {
      const name = textOf(values, 'name').trim();
      const spec = specOf(values);
      const of = (field: SubnetField, value: unknown) => firstIssueText(validateSubnetField(field, value, { name, spec }, { snapshot }));
      return definedOnly({
        name: of('name', name),
        cidrBlock: of('cidrBlock', spec.cidrBlock),
        vpc: of('vpc', spec.vpc),
        gateway: spec.gateway ? of('gateway', spec.gateway) : undefined,
        excludeIps: spec.excludeIps ? of('excludeIps', spec.excludeIps) : undefined,
      });
    },
    submit: (values, store) => {
      const name = textOf(values, 'name').trim();
      planAndShow(store, 'create subnet', (ctx) => planCreateSubnet(ctx, { name, spec: specOf(values) }));
    },
  };
}
