import { planDeleteSubnet, planDeleteVpc } from '../actions/index.js';
import type { Subnet, Vpc } from '../engine/cluster/kinds/kubeovn-types.js';
import { planAndShow, storeSnapshot } from './action-flow.js';
import { openForm } from './form/form-keys.js';
import { createSubnetForm } from './forms/create-subnet-form.js';
import { createVpcForm } from './forms/create-vpc-form.js';
import { gatewayForm } from './forms/gateway-form.js';
import { subnetModeForm } from './forms/subnet-mode-form.js';
import type { KeyBinding, KeyContext } from './key-bindings.js';
import { openRouteEditor } from './routes/route-editor-keys.js';
import { currentPage, flash } from './store.js';

/** Runs `fn` on the selected object, or says nothing is selected. */
function onSelected<T>(what: string, fn: (ctx: KeyContext, object: T) => void): (ctx: KeyContext) => void {
  return (ctx) => {
    const object = ctx.selected?.object;
    if (!object) return flash(ctx.store, `${what}: nothing selected`, 'error');
    fn(ctx, object as T);
  };
}

const switchMode = onSelected<Subnet>('overlay/underlay', (ctx, subnet) => openForm(ctx.store, subnetModeForm(subnet, storeSnapshot(ctx.store))));

const editGateway = onSelected<Subnet>('gateway', (ctx, subnet) => openForm(ctx.store, gatewayForm(subnet, storeSnapshot(ctx.store))));

const editRoutes = onSelected<Vpc>('routes', (ctx, vpc) => openRouteEditor(ctx.store, vpc));

function create(ctx: KeyContext): void {
  const snapshot = storeSnapshot(ctx.store);
  if (ctx.view.name === 'vpc') return openForm(ctx.store, createVpcForm(snapshot));
  // In a VPC's subnet list the new subnet goes in that VPC; else in the default one (or the first).
  const scoped = currentPage(ctx.store.getState()).scope?.vpc;
  const vpcs = snapshot.vpcs.map((v) => v.metadata.name);
  const vpc = scoped ?? (vpcs.includes('ovn-cluster') ? 'ovn-cluster' : (vpcs[0] ?? 'ovn-cluster'));
  openForm(ctx.store, createSubnetForm(snapshot, vpc));
}

const remove = onSelected<Subnet | Vpc>('delete', (ctx, object) => {
  const name = object.metadata.name;
  if (object.kind === 'Vpc') planAndShow(ctx.store, `delete VPC ${name}`, (c) => planDeleteVpc(c, { name }));
  else planAndShow(ctx.store, `delete subnet ${name}`, (c) => planDeleteSubnet(c, { name }));
});

/**
 * Keys of the write actions (src/actions): each opens a form (or the route editor), plans, shows the plan,
 * and writes only on `a`. All of them write, so `--readonly` drops them all.
 */
export const actionBindings: readonly KeyBinding[] = [
  { key: 'o', description: 'overlay↔underlay', writes: true, views: ['subnet'], hint: true, action: switchMode },
  { key: 'w', description: 'gateway', writes: true, views: ['subnet'], action: editGateway },
  { key: 'r', description: 'route editor', writes: true, views: ['vpc'], action: editRoutes },
  { key: 'c', description: 'create', writes: true, views: ['subnet', 'vpc'], action: create },
  { key: 'D', description: 'delete', writes: true, dangerous: true, views: ['subnet', 'vpc'], action: remove },
];
