import { UsageError, type CliCommand } from '../command.js';
import { flagValue, parseArgs } from '../args.js';
import { clusterStoreDir, openMemoryCluster } from '../../engine/cluster/memory/memory-cluster.js';
import { defaultLabStateDir } from '../../engine/cluster/http/cluster-target.js';
import { startLabEndpoint } from '../../engine/cluster/http/lab-endpoint.js';

export const apiServeCommand: CliCommand = {
  path: ['api', 'serve'],
  summary: "serve a state directory's cluster store as a Kubernetes API endpoint (for kubectl)",
  usage: 'kovn api serve [--state-dir DIR] [--port N] [--context-name NAME]',
  async run(argv) {
    const args = parseArgs(argv, ['state-dir', 'port', 'context-name']);
    if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
    const stateDir = flagValue(args, 'state-dir') ?? defaultLabStateDir();
    const port = Number(flagValue(args, 'port') ?? '0');
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, not "${flagValue(args, 'port')}"`);
    const store = await openMemoryCluster({ stateDir: clusterStoreDir(stateDir) });
    const server = await startLabEndpoint({ store, stateDir, port, contextName: flagValue(args, 'context-name') }).catch(async (err: unknown) => {
      await store.close();
      throw err;
    });
    process.stdout.write(`serving ${server.url}\nkubeconfig: ${server.kubeconfigPath}\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await server.close();
    await store.close();
    process.stdout.write('stopped\n');
    return 0;
  },
};
