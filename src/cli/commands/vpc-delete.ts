import { UsageError, type CliCommand } from '../command.js';
import { flagValue, parseArgs } from '../args.js';
import { connectCluster } from '../../engine/cluster/http/cluster-target.js';
import { processIo, type CommandIo } from '../output/command-io.js';
import { targetFlags, targetUsage, targetValueFlags } from '../output/cli-target-flags.js';
import { planDeleteVpc, planOutputFormat, runPlanCommand } from '../../actions/index.js';

export const vpcDeleteCommand: CliCommand = {
  path: ['vpc', 'delete'],
  summary: 'delete a VPC (refused while subnets use it; asks first)',
  usage: `kovn vpc delete NAME [--yes] [--dry-run] [-o json] ${targetUsage}`,
  run: (argv) => runVpcDelete(argv, processIo),
};

/** The command itself, writing to `io` (tests pass a buffer). */
export async function runVpcDelete(argv: string[], io: CommandIo): Promise<number> {
  const args = parseArgs(argv, ['o', 'output', ...targetValueFlags], ['yes', 'dry-run']);
  const [name, extra] = args.positionals;
  if (!name || extra !== undefined) throw new UsageError('give one VPC NAME');
  const { cluster } = await connectCluster(targetFlags(args));
  return runPlanCommand(io, () => planDeleteVpc({ cluster }, { name }), { yes: args.flags.has('yes'), dryRun: args.flags.has('dry-run'), output: planOutputFormat(flagValue(args, 'o') ?? flagValue(args, 'output')) });
}
