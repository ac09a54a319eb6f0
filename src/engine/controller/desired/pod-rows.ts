import type { DesiredNorthbound } from '../nb-model.js';
import { VENDOR, podPortName } from '../ovn-names.js';
import type { PodPortView } from './cluster-view.js';

/**
 * A pod's switch port `<pod>.<ns>` on its subnet's switch: `"<mac> <ips>"` as addresses (and port security
 * when the pod asks for it), owner keys in external_ids. Ports of subnets that are not in the desired state
 * (not validated, being deleted) are left out rather than half-made.
 */
export function addPodRows(nb: DesiredNorthbound, pod: PodPortView): void {
  if (!nb.switches.has(pod.subnet)) return;
  const name = podPortName(pod.pod, pod.namespace);
  const address = [pod.mac, ...pod.ips].join(' ');
  nb.switchPorts.set(name, {
    name,
    switchName: pod.subnet,
    type: '',
    addresses: [address],
    portSecurity: pod.portSecurity ? [address] : [],
    options: {},
    externalIds: { vendor: VENDOR, ls: pod.subnet, pod: `${pod.namespace}/${pod.pod}` },
  });
}
