import { join } from 'node:path';

/**
 * Where a lab keeps things inside its state directory. Paths stay short: unix socket paths are limited to
 * 107 bytes, so the OVN sockets live directly under `<state>/ovn/`.
 */
export function labLayout(stateDir: string) {
  const ovn = join(stateDir, 'ovn');
  return {
    stateDir,
    ovnDir: ovn,
    nbDb: join(ovn, 'nb.db'),
    sbDb: join(ovn, 'sb.db'),
    nbSocket: join(ovn, 'nb.sock'),
    sbSocket: join(ovn, 'sb.sock'),
    apiDir: join(stateDir, 'api'),
    kubeconfig: join(stateDir, 'kubeconfig'),
    daemonPid: join(stateDir, 'lab.pid'),
    daemonLog: join(stateDir, 'lab.log'),
    status: join(stateDir, 'status.json'),
    /** One JSON line per CNI ADD the lab's kubelet ran: `{"pod":"ns/name","ms":123.4}`. */
    cniTimings: join(stateDir, 'cni-timings.jsonl'),
  };
}

export type LabLayout = ReturnType<typeof labLayout>;

/** What the lab daemon reports in `status.json` (and `kovn lab status --json` prints). */
export interface LabStatus {
  readonly pid: number;
  readonly phase: 'starting' | 'ready' | 'failed' | 'stopping';
  readonly message?: string;
  readonly startedAt: string;
  /** `control-plane`: NB/SB/northd/API/controller only (no root, or --nodes 0); `full`: nodes and pods too. */
  readonly mode: 'control-plane' | 'full';
  /** Derived from the state dir; every namespace of this lab starts with `kovn-<labId>-`. */
  readonly labId?: string;
  readonly encap?: 'geneve' | 'vxlan';
  readonly nodes?: readonly LabNodeStatus[];
  readonly nb: string;
  readonly sb: string;
  readonly kubeconfig: string;
  readonly apiUrl?: string;
  readonly metricsPort?: number;
  readonly processes: readonly { name: string; pid: number }[];
  /** What this lab cannot do here, said plainly (e.g. no root: no node namespaces). */
  readonly limits: readonly string[];
}

/** One lab node in `status.json`. */
export interface LabNodeStatus {
  readonly name: string;
  readonly netns: string;
  /** Fabric address: tunnel endpoint and the Node's InternalIP. */
  readonly ip: string;
  readonly dir: string;
  /** The node's Open_vSwitch DB (`ovs-vsctl --db=…`). */
  readonly ovsdb: string;
  readonly cniSocket: string;
  /** Whether a node agent runs for this node. */
  readonly agent: boolean;
}
