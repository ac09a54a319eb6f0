import { UsageError, type CliCommand } from '../command.js';
import { flagValue, parseArgs } from '../args.js';
import { connectCluster } from '../../engine/cluster/http/cluster-target.js';
import { createApplyPatch } from '../../engine/cluster/merge-patch.js';
import type { ClusterApi, KindInfo, KubeObject } from '../../engine/cluster/types.js';
import { apiErrorMessage } from '../output/api-error-message.js';
import { processIo, type CommandIo } from '../output/command-io.js';
import { targetFlags, targetUsage, targetValueFlags } from '../output/cli-target-flags.js';
import { readManifestObjects } from '../output/manifest-documents.js';
import { objectRef } from '../output/object-printers.js';

/** Where kubectl keeps what it applied; kovn uses the same so the two can take turns on one object. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export const applyCommand: CliCommand = {
  path: ['apply'],
  summary: 'create or update cluster objects from a YAML manifest, as kubectl apply',
  usage: `kovn apply -f FILE|- [-n NS] ${targetUsage}`,
  run: (argv) => runApply(argv, processIo),
};

/** The command itself, writing to `io` (tests pass a buffer). */
export async function runApply(argv: string[], io: CommandIo): Promise<number> {
  const args = parseArgs(argv, ['f', 'filename', 'n', 'namespace', ...targetValueFlags]);
  const file = flagValue(args, 'f') ?? flagValue(args, 'filename');
  if (!file || args.positionals.length) throw new UsageError('give the manifest with -f FILE (or -f - for stdin)');
  const { source, planned } = readManifestObjects(file, io);
  const { cluster, namespace: contextNamespace } = await connectCluster(targetFlags(args));
  const namespace = flagValue(args, 'n') ?? flagValue(args, 'namespace') ?? contextNamespace;
  let failed = 0;
  for (const { doc, info } of planned) {
    try {
      const outcome = await applyObject(cluster, info, withNamespace(doc.object, info, namespace));
      io.out(`${objectRef(info, doc.object.metadata.name)} ${outcome}\n`);
    } catch (err) {
      const message = apiErrorMessage(err);
      if (!message) throw err;
      io.err(`${source}: document ${doc.index} (line ${doc.line}): ${message}`);
      failed++;
    }
  }
  return failed ? 1 : 0;
}

function withNamespace(obj: KubeObject, info: KindInfo, namespace: string): KubeObject {
  if (!info.namespaced || obj.metadata.namespace) return obj;
  return { ...obj, metadata: { ...obj.metadata, namespace } };
}

/** The manifest as stored in the last-applied annotation (without that annotation itself). */
function lastAppliedText(obj: KubeObject): string {
  const annotations = { ...(obj.metadata.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  return `${JSON.stringify({ ...obj, metadata: { ...obj.metadata, annotations } })}\n`;
}

async function applyObject(cluster: ClusterApi, info: KindInfo, manifest: KubeObject): Promise<'created' | 'configured' | 'unchanged'> {
  const desired: KubeObject = {
    ...manifest,
    metadata: { ...manifest.metadata, annotations: { ...(manifest.metadata.annotations ?? {}), [LAST_APPLIED]: lastAppliedText(manifest) } },
  };
  const current = await cluster.get(info.kind, manifest.metadata.name, manifest.metadata.namespace);
  if (!current) {
    await cluster.create(desired);
    return 'created';
  }
  const previousText = current.metadata.annotations?.[LAST_APPLIED];
  let previous: unknown;
  try {
    previous = previousText ? JSON.parse(previousText) : undefined;
  } catch {
    previous = undefined;
  }
  const patch = createApplyPatch(previous, desired as unknown as Record<string, unknown>);
  const patched = await cluster.patch(info.kind, manifest.metadata.name, patch, manifest.metadata.namespace);
  return patched.metadata.resourceVersion === current.metadata.resourceVersion ? 'unchanged' : 'configured';
}
