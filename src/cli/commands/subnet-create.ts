import { UsageError, type CliCommand } from '../command.js';
import { flagValue, parseArgs } from '../args.js';
import { connectCluster } from '../../engine/cluster/http/cluster-target.js';
import type { SubnetSpec } from '../../engine/cluster/kinds/kubeovn-types.js';
import { processIo, type CommandIo } from '../output/command-io.js';
import { targetFlags, targetUsage, targetValueFlags } from '../output/cli-target-flags.js';
import { planCreateSubnet, planOutputFormat, runPlanCommand } from '../../actions/index.js';

export const subnetCreateCommand: CliCommand = {
  path: ['subnet', 'create'],
  summary: 'create a subnet (validated and planned first)',
  usage: `kovn subnet create NAME --cidr CIDR[,CIDR6] [--vpc VPC] [--gateway IP] [--exclude IP,A..B] [--namespaces ns1,ns2] [--vlan V] [--yes] [--dry-run] [-o json] ${targetUsage}`,
  run: (argv) => runSubnetCreate(argv, processIo),
};

function list(text: string | undefined): string[] | undefined {
  return text === undefined ? undefined : text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** The command itself, writing to `io` (tests pass a buffer). */
export async function runSubnetCreate(argv: string[], io: CommandIo): Promise<number> {
  const args = parseArgs(argv, ['o', 'output', 'cidr', 'vpc', 'gateway', 'exclude', 'namespaces', 'vlan', ...targetValueFlags], ['yes', 'dry-run']);
  const [name, extra] = args.positionals;
  if (!name || extra !== undefined) throw new UsageError('give one subnet NAME');
  const cidr = flagValue(args, 'cidr');
  if (!cidr) throw new UsageError('--cidr is required');
  const spec: SubnetSpec = { cidrBlock: cidr };
  const vpc = flagValue(args, 'vpc');
  const gateway = flagValue(args, 'gateway');
  const vlan = flagValue(args, 'vlan');
  const excludeIps = list(flagValue(args, 'exclude'));
  const namespaces = list(flagValue(args, 'namespaces'));
  if (vpc) spec.vpc = vpc;
  if (gateway) spec.gateway = gateway;
  if (vlan) spec.vlan = vlan;
  if (excludeIps) spec.excludeIps = excludeIps;
  if (namespaces) spec.namespaces = namespaces;
  const { cluster } = await connectCluster(targetFlags(args));
  return runPlanCommand(io, () => planCreateSubnet({ cluster }, { name, spec }), { yes: args.flags.has('yes'), dryRun: args.flags.has('dry-run'), output: planOutputFormat(flagValue(args, 'o') ?? flagValue(args, 'output')) });
}
