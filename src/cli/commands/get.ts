import { UsageError, type CliCommand } from '../command.js';
import { flagValue, parseArgs } from '../args.js';
import { kindInfo } from '../../engine/cluster/kinds/registry.js';
import { connectCluster } from '../../engine/cluster/http/cluster-target.js';
import { apiErrorMessage } from '../output/api-error-message.js';
import { processIo, type CommandIo } from '../output/command-io.js';
import { targetFlags, targetUsage, targetValueFlags } from '../output/cli-target-flags.js';
import { parseOutputFormat, printObjects } from '../output/object-printers.js';

export const getCommand: CliCommand = {
  path: ['get'],
  summary: 'list or show cluster objects, as kubectl get',
  usage: `kovn get KIND [NAME] [-o yaml|json|wide|name] [-n NS | -A] [-l SELECTOR] ${targetUsage}`,
  run: (argv) => runGet(argv, processIo),
};

/** The command itself, writing to `io` (tests pass a buffer). */
export async function runGet(argv: string[], io: CommandIo): Promise<number> {
  const args = parseArgs(argv, ['o', 'output', 'n', 'namespace', 'l', 'selector', ...targetValueFlags], ['A', 'all-namespaces']);
  const [kindName, name, extra] = args.positionals;
  if (!kindName || extra !== undefined) throw new UsageError('give a KIND and at most one NAME');
  const format = parseOutputFormat(flagValue(args, 'o') ?? flagValue(args, 'output'));
  const info = kindInfo(kindName);
  if (!info) {
    io.err(`error: the server doesn't have a resource type "${kindName}"\n`);
    return 1;
  }
  const { cluster, namespace: contextNamespace } = await connectCluster(targetFlags(args));
  const allNamespaces = args.flags.has('A') || args.flags.has('all-namespaces');
  const namespace = info.namespaced && !allNamespaces ? (flagValue(args, 'n') ?? flagValue(args, 'namespace') ?? contextNamespace) : undefined;
  try {
    if (name) {
      const obj = await cluster.get(info.kind, name, namespace);
      if (!obj) {
        const resource = info.group ? `${info.plural}.${info.group}` : info.plural;
        io.err(`Error from server (NotFound): ${resource} "${name}" not found\n`);
        return 1;
      }
      io.out(printObjects(info, [obj], { format, single: true }));
      return 0;
    }
    const { items } = await cluster.list(info.kind, { namespace, labelSelector: flagValue(args, 'l') ?? flagValue(args, 'selector') });
    if (!items.length && (format === 'table' || format === 'wide')) {
      io.err(namespace ? `No resources found in ${namespace} namespace.\n` : 'No resources found\n');
      return 0;
    }
    io.out(printObjects(info, items, { format, allNamespaces }));
    return 0;
  } catch (err) {
    const message = apiErrorMessage(err);
    if (!message) throw err;
    io.err(message);
    return 1;
  }
}
