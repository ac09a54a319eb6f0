import { createHash } from 'node:crypto';

/** Linux interface names hold at most 15 bytes. */
export const IFNAMSIZ_MAX = 15;
const MAX_PREFIX = 6;

/**
 * The veth pair of one pod interface, named from the pod: `<prefix><hash>_h` on the node, `<prefix><hash>_c`
 * for the container end until it is renamed to CNI_IFNAME inside the pod. The hash of namespace/pod/ifname makes
 * the name stable across ADD retries, so a repeated ADD finds and replaces the earlier pair.
 */
export function vethNames(prefix: string, podNamespace: string, podName: string, ifName: string): { host: string; container: string } {
  if (Buffer.byteLength(prefix) > MAX_PREFIX || /[^A-Za-z0-9-]/.test(prefix)) {
    throw new Error(`hostVethPrefix "${prefix}" must be at most ${MAX_PREFIX} characters of [A-Za-z0-9-]`);
  }
  const hashLength = IFNAMSIZ_MAX - 2 - prefix.length;
  const hash = createHash('sha256').update(`${podNamespace}/${podName}/${ifName}`).digest('hex').slice(0, hashLength);
  return { host: `${prefix}${hash}_h`, container: `${prefix}${hash}_c` };
}

/** `<pod>.<namespace>`: the logical switch port name (and OVS iface-id) of a pod's primary interface. */
export function podPortName(podName: string, podNamespace: string): string {
  return `${podName}.${podNamespace}`;
}
