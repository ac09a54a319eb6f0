import { LAB_ADDRESS, LINK, type LabNames } from './lab-naming.js';
import { createNetns } from './netns/network-namespaces.js';
import { disableTxOffload, ipIn } from './netns/ip-command.js';

/**
 * The lab's L2 fabric: a Linux bridge in its own namespace. Nodes attach with a veth each; the bridge's own
 * address doubles as the "external host" that pods reach through natOutgoing (nodes masquerade to their fabric
 * address, so a capture on the bridge shows the node as the source).
 */
export async function createFabric(names: LabNames): Promise<void> {
  const ns = names.fabricNetns;
  await createNetns(ns);
  await ipIn(ns, 'link', 'add', LINK.fabricBridge, 'type', 'bridge');
  await ipIn(ns, 'link', 'set', LINK.fabricBridge, 'up');
  await ipIn(ns, 'addr', 'add', `${LAB_ADDRESS.fabricHost}/${LAB_ADDRESS.fabricPrefixLength}`, 'dev', LINK.fabricBridge);
  await disableTxOffload(ns, LINK.fabricBridge);
}

/** Puts the fabric end of a node's veth on the bridge. */
export async function attachToFabric(names: LabNames, peer: string): Promise<void> {
  await ipIn(names.fabricNetns, 'link', 'set', peer, 'master', LINK.fabricBridge, 'up');
}
