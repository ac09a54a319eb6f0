import { UsageError, type CliCommand } from '../command.js';
import { flagValue, parseArgs } from '../args.js';
import { connectCluster } from '../../engine/cluster/http/cluster-target.js';
import { processIo, type CommandIo } from '../output/command-io.js';
import { targetFlags, targetUsage, targetValueFlags } from '../output/cli-target-flags.js';
import { planDeleteSubnet, planOutputFormat, runPlanCommand } from '../../actions/index.js';

export const subnetDeleteCommand: CliCommand = {
  path: ['subnet', 'delete'],
  summary: 'delete a subnet (shows what goes, asks first)',
  usage: `kovn subnet delete NAME [--yes] [--dry-run] [-o json] ${targetUsage}`,
  run: (argv) => runSubnetDelete(argv, processIo),
};

/** The command itself, writing to `io` (tests pass a buffer). */
export async function runSubnetDelete(argv: string[], io: CommandIo): Promise<number> {
  const args = parseArgs(argv, ['o', 'output', ...targetValueFlags], ['yes', 'dry-run']);
  const [name, extra] = args.positionals;
  if (!name || extra !== undefined) throw new UsageError('give one subnet NAME');
  const { cluster } = await connectCluster(targetFlags(args));
  return runPlanCommand(io, () => planDeleteSubnet({ cluster }, { name }), { yes: args.flags.has('yes'), dryRun: args.flags.has('dry-run'), output: planOutputFormat(flagValue(args, 'o') ?? flagValue(args, 'output')) });
}
