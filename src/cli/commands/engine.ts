import type { CliCommand } from '../command.js';
import { UsageError } from '../command.js';
import { parseArgs, flagValue, type ParsedArgs } from '../args.js';
import { runController } from '../../engine/headless/run-controller.js';
import { configureChassis, NodeAgent, type NodeAgentOptions } from '../../engine/agent/index.js';
import { GatewayHeartbeat } from '../../engine/agent/gateway-heartbeat.js';

const usage = `kovn engine --role controller --nb REMOTE [--kubeconfig FILE] [--context NAME] [--in-cluster]
            [--metrics-port N] [--metrics-host ADDR] [--lease-namespace NS] [--no-leader-election]
  REMOTE: unix:PATH, tcp:HOST:PORT, or a comma list for a clustered NB (env OVN_NB_DB also works)
kovn engine --role agent --node NAME --sb REMOTE [--ovs unix:/var/run/openvswitch/db.sock] [--kubeconfig FILE]
            [--context NAME] [--in-cluster] [--cni-socket PATH] [--encap-type geneve|vxlan] [--encap-ip IP]
            [--iface NAME] [--mtu N] [--datapath-type system|netdev] [--system-id ID]
            [--ovs-rundir /var/run/openvswitch] [--ovn-rundir /var/run/ovn] [--uplink-iface NAME]
  the node agent: chassis settings, ovn0, host routes, natOutgoing and the CNI server (env NODE_NAME, OVN_SB_DB);
  on gateway nodes a heartbeat Lease kovn-gateway-NODE in kube-node-lease (daemons found by their run dirs)`;

const AGENT_FLAGS = ['ovs', 'sb', 'cni-socket', 'encap-type', 'encap-ip', 'iface', 'mtu', 'datapath-type', 'system-id', 'ovs-rundir', 'ovn-rundir', 'uplink-iface'];

/** The Kubernetes API the flags name (@kubernetes/client-node is loaded here, only by the roles that use it). */
async function connectFromFlags(args: ParsedArgs) {
  const { connectKubeCluster } = await import('../../engine/cluster/kube/kube-cluster.js');
  const kubeconfigPath = flagValue(args, 'kubeconfig');
  const context = flagValue(args, 'context');
  return connectKubeCluster(args.flags.has('in-cluster') ? { inCluster: true } : { ...(kubeconfigPath ? { kubeconfigPath } : {}), ...(context ? { context } : {}) });
}

async function runAgentRole(args: ReturnType<typeof parseArgs>): Promise<number> {
  const nodeName = flagValue(args, 'node') ?? process.env.NODE_NAME;
  if (!nodeName) throw new UsageError('--node NAME is required for --role agent (or set NODE_NAME)');
  const sbRemote = flagValue(args, 'sb') ?? process.env.OVN_SB_DB;
  if (!sbRemote) throw new UsageError('--sb REMOTE is required for --role agent (or set OVN_SB_DB)');
  const encapType = flagValue(args, 'encap-type', 'geneve');
  if (encapType !== 'geneve' && encapType !== 'vxlan') throw new UsageError(`--encap-type must be geneve or vxlan (got ${encapType})`);
  const datapathType = flagValue(args, 'datapath-type', 'system');
  if (datapathType !== 'system' && datapathType !== 'netdev') throw new UsageError(`--datapath-type must be system or netdev (got ${datapathType})`);
  const mtuText = flagValue(args, 'mtu');
  const mtu = mtuText === undefined ? undefined : Number(mtuText);
  if (mtu !== undefined && (!Number.isInteger(mtu) || mtu < 576 || mtu > 9000)) throw new UsageError(`--mtu must be an integer from 576 to 9000 (got ${mtuText})`);
  const cluster = await connectFromFlags(args);
  const encapIp = flagValue(args, 'encap-ip');
  const iface = flagValue(args, 'iface');
  const systemId = flagValue(args, 'system-id');
  const options: NodeAgentOptions = {
    nodeName,
    cluster,
    ovsRemote: flagValue(args, 'ovs', 'unix:/var/run/openvswitch/db.sock')!,
    cniSocket: flagValue(args, 'cni-socket', '/run/kovn/cni.sock')!,
    sbRemote,
    encapType,
    datapathType,
    ...(encapIp ? { encapIp } : {}),
    ...(iface ? { tunnelInterface: iface } : {}),
    ...(systemId ? { systemId } : {}),
    ...(mtu ? { mtu } : {}),
  };
  await configureChassis(options);
  const agent = new NodeAgent(options);
  await agent.start();
  const uplinkInterface = flagValue(args, 'uplink-iface') ?? iface;
  const heartbeat = new GatewayHeartbeat({
    nodeName,
    cluster,
    ovsRunDir: flagValue(args, 'ovs-rundir', '/var/run/openvswitch')!,
    ovnRunDir: flagValue(args, 'ovn-rundir', '/var/run/ovn')!,
    ...(uplinkInterface ? { uplinkInterface } : {}),
  });
  try {
    await heartbeat.start();
  } catch (error) {
    await heartbeat.stop();
    await agent.stop();
    throw error;
  }
  process.stderr.write(`kovn engine: agent role on node ${nodeName}, CNI socket ${options.cniSocket}\n`);
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  process.stderr.write(`kovn engine: ${signal}, stopping the agent (pods keep their network)\n`);
  await heartbeat.stop();
  await agent.stop();
  return 0;
}

export const engineCommand: CliCommand = {
  path: ['engine'],
  summary: 'run the engine headless (controller or node agent role) against a Kubernetes cluster',
  usage,
  async run(argv) {
    const args = parseArgs(argv, ['role', 'nb', 'kubeconfig', 'context', 'metrics-port', 'metrics-host', 'lease-namespace', 'node', ...AGENT_FLAGS], ['in-cluster', 'no-leader-election']);
    const role = flagValue(args, 'role');
    if (role === 'agent') return runAgentRole(args);
    if (role !== 'controller') throw new UsageError(`--role must be controller or agent (got ${role ?? 'nothing'})`);
    const nbRemote = flagValue(args, 'nb') ?? process.env.OVN_NB_DB;
    if (!nbRemote) throw new UsageError('--nb REMOTE is required (or set OVN_NB_DB)');
    const cluster = await connectFromFlags(args);
    const running = await runController({
      cluster,
      nbRemote,
      metricsPort: Number(flagValue(args, 'metrics-port', '10660')),
      metricsHost: flagValue(args, 'metrics-host', '127.0.0.1'),
      election: args.flags.has('no-leader-election') ? false : { namespace: flagValue(args, 'lease-namespace', 'kube-system')!, name: 'kovn-controller' },
    });
    process.stderr.write(`kovn engine: controller role, metrics on port ${running.health.port}\n`);
    const stop = async (code: number) => {
      await running.stop();
      process.exit(code);
    };
    process.once('SIGTERM', () => void stop(0));
    process.once('SIGINT', () => void stop(0));
    const reason = await running.lost;
    process.stderr.write(`kovn engine: stopped leading: ${reason}\n`);
    await stop(1);
    return 1;
  },
};
