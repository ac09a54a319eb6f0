import type { ViewDef } from './view-types.js';
import { vpcView } from './vpc-view.js';
import { subnetView } from './subnet-view.js';
import { portView } from './port-view.js';
import { nodeView } from './node-view.js';
import { vlanView } from './vlan-view.js';
import { providerNetworkView } from './provider-network-view.js';
import { eipView } from './eip-view.js';
import { eventView } from './event-view.js';
import { topologyView } from './topology-view.js';

/** Every view `:` can open, one line each. */
export const views: readonly ViewDef[] = [vpcView, subnetView, portView, nodeView, vlanView, providerNetworkView, eipView, eventView, topologyView];

export function findView(name: string): ViewDef | undefined {
  const n = name.trim().toLowerCase();
  return views.find((v) => v.name === n || v.aliases.includes(n));
}

export function viewNamed(name: string): ViewDef {
  const view = findView(name);
  if (!view) throw new Error(`no view named "${name}"`);
  return view;
}
