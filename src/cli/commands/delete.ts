import { UsageError, type CliCommand } from '../command.js';
import { flagValue, parseArgs } from '../args.js';
import { kindInfo } from '../../engine/cluster/kinds/registry.js';
import { connectCluster } from '../../engine/cluster/http/cluster-target.js';
import { apiErrorMessage } from '../output/api-error-message.js';
import { processIo, type CommandIo } from '../output/command-io.js';
import { targetFlags, targetUsage, targetValueFlags } from '../output/cli-target-flags.js';

export const deleteCommand: CliCommand = {
  path: ['delete'],
  summary: 'delete cluster objects by kind and name, as kubectl delete',
  usage: `kovn delete KIND NAME... [-n NS] ${targetUsage}`,
  run: (argv) => runDelete(argv, processIo),
};

/** The command itself, writing to `io` (tests pass a buffer). */
export async function runDelete(argv: string[], io: CommandIo): Promise<number> {
  const args = parseArgs(argv, ['n', 'namespace', ...targetValueFlags]);
  const [kindName, ...names] = args.positionals;
  if (!kindName || !names.length) throw new UsageError('give a KIND and at least one NAME');
  const info = kindInfo(kindName);
  if (!info) {
    io.err(`error: the server doesn't have a resource type "${kindName}"\n`);
    return 1;
  }
  const { cluster, namespace: contextNamespace } = await connectCluster(targetFlags(args));
  const namespace = info.namespaced ? (flagValue(args, 'n') ?? flagValue(args, 'namespace') ?? contextNamespace) : undefined;
  const resource = info.group ? `${info.kind.toLowerCase()}.${info.group}` : info.kind.toLowerCase();
  let failed = 0;
  for (const name of names) {
    try {
      await cluster.delete(info.kind, name, namespace);
      io.out(`${resource} "${name}" deleted\n`);
    } catch (err) {
      const message = apiErrorMessage(err);
      if (!message) throw err;
      io.err(message);
      failed++;
    }
  }
  return failed ? 1 : 0;
}
