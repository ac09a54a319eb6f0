import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { UsageError, type CliCommand } from '../command.js';
import { flagValue, parseArgs } from '../args.js';
import { clusterStoreDir, openMemoryCluster } from '../../engine/cluster/memory/memory-cluster.js';
import { startApiServer } from '../../engine/cluster/http/api-server.js';
import { defaultLabStateDir, labKubeconfigPath } from '../../engine/cluster/http/cluster-target.js';

/** The endpoint's token, kept beside its certificate so kubeconfigs written earlier stay valid after a restart. */
function endpointToken(dir: string): string {
  const path = join(dir, 'token');
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const token = randomBytes(24).toString('hex');
  writeFileSync(path, `${token}\n`, { mode: 0o600 });
  return token;
}

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
    const apiDir = join(stateDir, 'api');
    mkdirSync(apiDir, { recursive: true, mode: 0o700 });
    const store = await openMemoryCluster({ stateDir: clusterStoreDir(stateDir) });
    const kubeconfigPath = labKubeconfigPath(stateDir);
    const server = await startApiServer({
      store,
      port,
      token: endpointToken(apiDir),
      tlsDir: apiDir,
      kubeconfigPath,
      contextName: flagValue(args, 'context-name'),
    }).catch(async (err: unknown) => {
      await store.close();
      throw err;
    });
    process.stdout.write(`serving ${server.url}\nkubeconfig: ${kubeconfigPath}\n`);
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
