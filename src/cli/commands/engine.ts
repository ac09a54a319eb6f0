import type { CliCommand } from '../command.js';
import { UsageError } from '../command.js';
import { parseArgs, flagValue } from '../args.js';
import { connectKubeCluster } from '../../engine/cluster/kube/index.js';
import { runController } from '../../engine/headless/run-controller.js';

const usage = `kovn engine --role controller --nb REMOTE [--kubeconfig FILE] [--context NAME] [--in-cluster]
            [--metrics-port N] [--metrics-host ADDR] [--lease-namespace NS] [--no-leader-election]
  REMOTE: unix:PATH, tcp:HOST:PORT, or a comma list for a clustered NB (env OVN_NB_DB also works)`;

export const engineCommand: CliCommand = {
  path: ['engine'],
  summary: 'run the engine headless (controller role) against a Kubernetes cluster',
  usage,
  async run(argv) {
    const args = parseArgs(argv, ['role', 'nb', 'kubeconfig', 'context', 'metrics-port', 'metrics-host', 'lease-namespace', 'node'], ['in-cluster', 'no-leader-election']);
    const role = flagValue(args, 'role');
    if (role === 'agent') throw new UsageError('--role agent: the node agent is not available in this build yet');
    if (role !== 'controller') throw new UsageError(`--role must be controller or agent (got ${role ?? 'nothing'})`);
    const nbRemote = flagValue(args, 'nb') ?? process.env.OVN_NB_DB;
    if (!nbRemote) throw new UsageError('--nb REMOTE is required (or set OVN_NB_DB)');
    const kubeconfigPath = flagValue(args, 'kubeconfig');
    const context = flagValue(args, 'context');
    const cluster = connectKubeCluster(
      args.flags.has('in-cluster') ? { inCluster: true } : { ...(kubeconfigPath ? { kubeconfigPath } : {}), ...(context ? { context } : {}) },
    );
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
