import { UsageError, type CliCommand } from '../command.js';
import { flagValue, parseArgs } from '../args.js';
import { kindInfo } from '../../engine/cluster/kinds/registry.js';
import { connectCluster } from '../../engine/cluster/http/cluster-target.js';
import { apiErrorMessage } from '../output/api-error-message.js';
import { processIo, type CommandIo } from '../output/command-io.js';
import { targetFlags, targetUsage, targetValueFlags } from '../output/cli-target-flags.js';
import { readManifestObjects } from '../output/manifest-documents.js';
import type { KindInfo } from '../../engine/cluster/types.js';

export const deleteCommand: CliCommand = {
  path: ['delete'],
  summary: 'delete cluster objects by kind and name or from a manifest, as kubectl delete',
  usage: `kovn delete (KIND NAME... | -f FILE|-) [-n NS] ${targetUsage}`,
  run: (argv) => runDelete(argv, processIo),
};

/** The command itself, writing to `io` (tests pass a buffer). */
export async function runDelete(argv: string[], io: CommandIo): Promise<number> {
  const args = parseArgs(argv, ['n', 'namespace', 'f', 'filename', ...targetValueFlags]);
  const file = flagValue(args, 'f') ?? flagValue(args, 'filename');
  const targets = file ? targetsOfManifest(file, io, args.positionals) : targetsOfArgs(args.positionals, io);
  if (!targets) return 1;
  const { cluster, namespace: contextNamespace } = await connectCluster(targetFlags(args));
  const flagNamespace = flagValue(args, 'n') ?? flagValue(args, 'namespace');
  let failed = 0;
  for (const { info, name, namespace } of targets) {
    const resource = info.group ? `${info.kind.toLowerCase()}.${info.group}` : info.kind.toLowerCase();
    try {
      await cluster.delete(info.kind, name, info.namespaced ? (namespace ?? flagNamespace ?? contextNamespace) : undefined);
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

interface DeleteTarget {
  readonly info: KindInfo;
  readonly name: string;
  readonly namespace?: string;
}

function targetsOfArgs(positionals: readonly string[], io: CommandIo): DeleteTarget[] | undefined {
  const [kindName, ...names] = positionals;
  if (!kindName || !names.length) throw new UsageError('give a KIND and at least one NAME, or -f FILE');
  const info = kindInfo(kindName);
  if (!info) {
    io.err(`error: the server doesn't have a resource type "${kindName}"\n`);
    return undefined;
  }
  return names.map((name) => ({ info, name }));
}

function targetsOfManifest(file: string, io: CommandIo, positionals: readonly string[]): DeleteTarget[] {
  if (positionals.length) throw new UsageError('give either -f FILE or KIND NAME, not both');
  return readManifestObjects(file, io).planned.map(({ doc, info }) => ({ info, name: doc.object.metadata.name, namespace: doc.object.metadata.namespace }));
}
