import type { DesiredNorthbound } from '../nb-model.js';
import { emptyDesiredNorthbound } from '../nb-model.js';
import type { ClusterView } from './cluster-view.js';
import { addVpcPeeringRows, addVpcRows } from './vpc-rows.js';
import { addSubnetRows } from './subnet-rows.js';
import { addNodeRows } from './node-rows.js';
import { addPodRows } from './pod-rows.js';
import { addDefaultVpcGatewayRows } from './gateway-rows.js';
import { addVpcExternalRows } from './vpc-external-rows.js';
import { addNatRows } from './nat-rows.js';
import { addU2oRows } from './u2o-rows.js';

/**
 * Every Northbound row kovn wants for a cluster, from its validated objects. Pure: no I/O, same input →
 * same rows, so the syncer can run it after any change, a restart or a lost connection.
 */
export function desiredNorthbound(view: ClusterView): DesiredNorthbound {
  const nb = emptyDesiredNorthbound();
  const vpcNames = new Set(view.vpcs.map((v) => v.name));
  const defaultVpc = view.vpcs.find((v) => v.isDefault);
  const join = view.subnets.find((s) => s.name === view.joinSubnet);

  for (const vpc of view.vpcs) {
    addVpcRows(nb, vpc, vpc.isDefault && join ? join.gateways : []);
    addVpcPeeringRows(nb, vpc, view.vpcs);
  }
  // A subnet whose VPC is not wanted gets no rows: its router would not exist.
  const subnets = view.subnets.filter((s) => vpcNames.has(s.vpc));
  for (const subnet of subnets) addSubnetRows(nb, subnet);
  // The external port needs its switch: a VPC whose external subnet is not accepted gets none.
  const switchNames = new Set(subnets.map((s) => s.name));
  const externalVpcs = view.vpcs.map((v) =>
    v.external && !switchNames.has(v.external.subnet)
      ? { ...v, external: undefined, extraExternals: [] }
      : { ...v, extraExternals: (v.extraExternals ?? []).filter((e) => switchNames.has(e.subnet)) },
  );
  for (const vpc of externalVpcs) addVpcExternalRows(nb, vpc);
  addNatRows(nb, view.natRules ?? [], externalVpcs);
  for (const subnet of subnets) addU2oRows(nb, subnet, view.nodes, subnet.vpc === defaultVpc?.name);
  if (defaultVpc && join) {
    for (const node of view.nodes) addNodeRows(nb, node, join.name, defaultVpc.name);
  }
  for (const pod of view.pods) addPodRows(nb, pod);
  if (defaultVpc) addDefaultVpcGatewayRows(nb, defaultVpc.name, subnets, view.pods);
  return nb;
}
