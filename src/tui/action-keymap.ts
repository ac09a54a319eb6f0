import {
  planCreateSubnet,
  planCreateVpc,
  planDeleteSubnet,
  planDeleteVpc,
  planSubnetGateway,
  planSubnetMode,
  planVpcRoutes,
  validateSubnetField,
  withStaticRoute,
  withoutStaticRoute,
} from '../actions/index.js';
import type { Subnet, Vpc } from '../engine/cluster/kinds/kubeovn-types.js';
import { ask, planAndShow, storeSnapshot } from './action-flow.js';
import { parseGateway, parseNewSubnet, parseRouteEdit, parseUnderlayTarget } from './action-input.js';
import type { KeyBinding, KeyContext } from './key-bindings.js';
import { flash } from './store.js';

/** Runs `fn` on the selected object, or says nothing is selected. */
function onSelected<T>(what: string, fn: (ctx: KeyContext, object: T) => void): (ctx: KeyContext) => void {
  return (ctx) => {
    const object = ctx.selected?.object;
    if (!object) return flash(ctx.store, `${what}: nothing selected`, 'error');
    fn(ctx, object as T);
  };
}

/** Parses prompt text, turning a parse error into a flash line. */
function parsed<T>(ctx: KeyContext, what: string, text: string, parse: (t: string) => T): T | undefined {
  try {
    return parse(text);
  } catch (err) {
    flash(ctx.store, `${what}: ${(err as Error).message}`, 'error');
    return undefined;
  }
}

const switchMode = onSelected<Subnet>('overlay/underlay', (ctx, subnet) => {
  const subnetName = subnet.metadata.name;
  if (subnet.spec.vlan) return planAndShow(ctx.store, 'switch to overlay', (c) => planSubnetMode(c, { subnet: subnetName, mode: 'overlay' }));
  ask(ctx.store, `underlay ${subnetName} on Vlan (NAME, or NAME:ID:PROVIDER to create it):`, (text) => {
    const mode = parsed(ctx, 'switch to underlay', text, parseUnderlayTarget);
    if (mode) planAndShow(ctx.store, 'switch to underlay', (c) => planSubnetMode(c, { subnet: subnetName, mode }));
  });
});

const editGateway = onSelected<Subnet>('gateway', (ctx, subnet) => {
  ask(ctx.store, `gateway of ${subnet.metadata.name} (distributed | centralized:NODE[=EGRESS-IP],…):`, (text) => {
    const gw = parsed(ctx, 'gateway', text, parseGateway);
    if (gw) planAndShow(ctx.store, 'gateway', (c) => planSubnetGateway(c, { subnet: subnet.metadata.name, ...gw }));
  });
});

const editRoutes = onSelected<Vpc>('routes', (ctx, vpc) => {
  ask(ctx.store, `static route of ${vpc.metadata.name} (CIDR NEXTHOP adds, -CIDR removes):`, (text) => {
    const edit = parsed(ctx, 'routes', text, parseRouteEdit);
    if (!edit) return;
    const current = vpc.spec.staticRoutes ?? [];
    const staticRoutes = edit.remove
      ? withoutStaticRoute(current, { cidr: edit.cidr, policy: 'policyDst' })
      : withStaticRoute(current, { cidr: edit.cidr, nextHopIP: edit.nextHopIP ?? '', policy: 'policyDst' });
    planAndShow(ctx.store, 'routes', (c) => planVpcRoutes(c, { vpc: vpc.metadata.name, staticRoutes }));
  });
});

function create(ctx: KeyContext): void {
  if (ctx.view.name === 'vpc') {
    return ask(ctx.store, 'new VPC name:', (name) => planAndShow(ctx.store, 'create VPC', (c) => planCreateVpc(c, { name: name.trim() })));
  }
  ask(
    ctx.store,
    'new subnet (NAME CIDR [VPC]):',
    (text) => {
      const input = parsed(ctx, 'create subnet', text, parseNewSubnet);
      if (!input) return;
      const { name, ...spec } = input;
      planAndShow(ctx.store, 'create subnet', (c) => planCreateSubnet(c, { name, spec }));
    },
    (text) => newSubnetProblem(ctx, text),
  );
}

/** As you type NAME CIDR [VPC]: the first problem with the words typed so far, checked by the actions' rules. */
function newSubnetProblem(ctx: KeyContext, text: string): string {
  const [name, cidrBlock, vpc] = text.trim().split(/\s+/);
  const spec = { ...(cidrBlock ? { cidrBlock } : {}), ...(vpc ? { vpc } : {}) };
  const options = { snapshot: storeSnapshot(ctx.store) };
  const fields: ['name' | 'cidrBlock' | 'vpc', string | undefined][] = [['name', name], ['cidrBlock', cidrBlock], ['vpc', vpc]];
  for (const [field, value] of fields) {
    if (!value) continue;
    const issue = validateSubnetField(field, value, { name, spec }, options)[0];
    if (issue) return `${field}: ${issue.message}${issue.conflictsWith ? ` [${issue.conflictsWith}]` : ''}`;
  }
  return '';
}

const remove = onSelected<Subnet | Vpc>('delete', (ctx, object) => {
  const name = object.metadata.name;
  if (object.kind === 'Vpc') planAndShow(ctx.store, `delete VPC ${name}`, (c) => planDeleteVpc(c, { name }));
  else planAndShow(ctx.store, `delete subnet ${name}`, (c) => planDeleteSubnet(c, { name }));
});

/** Keys of the write actions (src/actions): each plans first, shows the plan, and writes only on `a`. */
export const actionBindings: readonly KeyBinding[] = [
  { key: 'o', description: 'overlay↔underlay', writes: true, views: ['subnet'], hint: true, action: switchMode },
  { key: 'w', description: 'gateway', writes: true, views: ['subnet'], action: editGateway },
  { key: 'r', description: 'routes', writes: true, views: ['vpc'], action: editRoutes },
  { key: 'c', description: 'create', writes: true, views: ['subnet', 'vpc'], action: create },
  { key: 'D', description: 'delete', writes: true, dangerous: true, views: ['subnet', 'vpc'], action: remove },
];
