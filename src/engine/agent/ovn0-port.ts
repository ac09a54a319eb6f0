import { setTimeout as sleep } from 'node:timers/promises';
import { ANN } from '../controller/annotations.js';
import type { KubeObject } from '../cluster/types.js';
import type { AgentContext } from './agent-context.js';
import { ipArgv, run } from './kernel-commands.js';
import { nodeLink } from './link-state.js';
import { DEFAULT_POD_MTU, OVN0, VENDOR } from './node-agent-options.js';
import { addBridgePort, findInterface, updateInterface } from './ovs-ports.js';

export interface JoinAllocation {
  readonly portName: string;
  readonly ips: string[];
  readonly mac: string;
  /** `100.64.0.2/16` per family. */
  readonly addresses: string[];
  readonly gateways: string[];
}

/** The node's join allocation from the controller's annotations, or undefined while it is not there (pure). */
export function joinAllocation(node: KubeObject | undefined, nodeName: string): JoinAllocation | undefined {
  const a = node?.metadata.annotations ?? {};
  if (a[ANN.allocated] !== 'true' || !a[ANN.ipAddress] || !a[ANN.macAddress] || !a[ANN.cidr]) return undefined;
  const ips = a[ANN.ipAddress].split(',').filter(Boolean);
  const cidrs = a[ANN.cidr].split(',').filter(Boolean);
  const addresses = ips.map((ip) => {
    const cidr = cidrs.find((c) => c.includes(':') === ip.includes(':')) ?? cidrs[0]!;
    return `${ip}/${cidr.split('/')[1]}`;
  });
  return {
    portName: a[ANN.portName] || `node-${nodeName}`,
    ips,
    mac: a[ANN.macAddress].toLowerCase(),
    addresses,
    gateways: (a[ANN.gateway] ?? '').split(',').filter(Boolean),
  };
}

/**
 * ovn0: the node's internal port on br-int bound to its join logical port, with the join MAC, address and MTU.
 * Idempotent: an existing, matching port is left in place (a restart must not disturb it).
 */
export async function ensureOvn0(ctx: AgentContext, join: JoinAllocation): Promise<void> {
  const mtu = ctx.options.mtu ?? DEFAULT_POD_MTU;
  const externalIds = { 'iface-id': join.portName, vendor: VENDOR, ip: join.ips.join(',') };
  const row = await findInterface(ctx.ovs, OVN0);
  if (!row || row.type !== 'internal') {
    await addBridgePort(ctx.ovs, { name: OVN0, type: 'internal', mac: join.mac, mtuRequest: mtu, externalIds });
  } else if (row.externalIds['iface-id'] !== join.portName || row.externalIds.ip !== externalIds.ip) {
    await updateInterface(ctx.ovs, OVN0, { mac: join.mac, mtu_request: mtu, external_ids: { ...row.externalIds, ...externalIds } });
  }
  // vswitchd creates the tap asynchronously.
  const deadline = Date.now() + 10_000;
  let link = await nodeLink(ctx.options.netns, OVN0);
  while (!link && Date.now() < deadline) {
    await sleep(50);
    link = await nodeLink(ctx.options.netns, OVN0);
  }
  if (!link) throw new Error(`${OVN0} did not appear${ctx.options.netns ? ` in netns ${ctx.options.netns}` : ''}: is ovs-vswitchd running?`);
  const commands: string[][] = [];
  if (link.address?.toLowerCase() !== join.mac) commands.push(['link', 'set', 'dev', OVN0, 'address', join.mac]);
  if (link.mtu !== mtu) commands.push(['link', 'set', 'dev', OVN0, 'mtu', String(mtu)]);
  const have = new Set((link.addr_info ?? []).map((a) => `${a.local}/${a.prefixlen}`));
  for (const address of join.addresses) if (!have.has(address)) commands.push(['addr', 'replace', address, 'dev', OVN0]);
  if (!link.flags?.includes('UP')) commands.push(['link', 'set', 'dev', OVN0, 'up']);
  for (const args of commands) await run(ipArgv(ctx.options.netns, args));
}
