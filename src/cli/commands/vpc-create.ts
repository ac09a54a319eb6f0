import { UsageError, type CliCommand } from '../command.js';
import { flagValue, parseArgs } from '../args.js';
import { connectCluster } from '../../engine/cluster/http/cluster-target.js';
import { processIo, type CommandIo } from '../output/command-io.js';
import { targetFlags, targetUsage, targetValueFlags } from '../output/cli-target-flags.js';
import { planCreateVpc, planOutputFormat, runPlanCommand } from '../../actions/index.js';

export const vpcCreateCommand: CliCommand = {
  path: ['vpc', 'create'],
  summary: 'create a VPC (a logical router)',
  usage: `kovn vpc create NAME [--namespaces ns1,ns2] [--yes] [--dry-run] [-o json] ${targetUsage}`,
  run: (argv) => runVpcCreate(argv, processIo),
};

/** The command itself, writing to `io` (tests pass a buffer). */
export async function runVpcCreate(argv: string[], io: CommandIo): Promise<number> {
  const args = parseArgs(argv, ['o', 'output', 'namespaces', ...targetValueFlags], ['yes', 'dry-run']);
  const [name, extra] = args.positionals;
  if (!name || extra !== undefined) throw new UsageError('give one VPC NAME');
  const namespaces = flagValue(args, 'namespaces')?.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const { cluster } = await connectCluster(targetFlags(args));
  const spec = namespaces ? { namespaces } : {};
  return runPlanCommand(io, () => planCreateVpc({ cluster }, { name, spec }), { yes: args.flags.has('yes'), dryRun: args.flags.has('dry-run'), output: planOutputFormat(flagValue(args, 'o') ?? flagValue(args, 'output')) });
}
