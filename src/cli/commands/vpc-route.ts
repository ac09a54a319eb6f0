import { UsageError, type CliCommand } from '../command.js';
import { flagValue, parseArgs, type ParsedArgs } from '../args.js';
import { connectCluster } from '../../engine/cluster/http/cluster-target.js';
import type { StaticRoute } from '../../engine/cluster/kinds/kubeovn-types.js';
import { processIo, type CommandIo } from '../output/command-io.js';
import { targetFlags, targetUsage, targetValueFlags } from '../output/cli-target-flags.js';
import { planVpcRoutes, readSnapshot, planOutputFormat, runPlanCommand, withStaticRoute, withoutStaticRoute } from '../../actions/index.js';

const routeFlags = ['cidr', 'next-hop', 'policy', 'table', ...targetValueFlags];
const routeUsage = '--cidr CIDR --next-hop IP [--policy dst|src] [--table NAME]';

export const vpcRouteAddCommand: CliCommand = {
  path: ['vpc', 'route', 'add'],
  summary: "add (or change the next hop of) a VPC's static route",
  usage: `kovn vpc route add VPC ${routeUsage} [--yes] [--dry-run] [-o json] ${targetUsage}`,
  run: (argv) => runVpcRoute('add', argv, processIo),
};

export const vpcRouteDelCommand: CliCommand = {
  path: ['vpc', 'route', 'del'],
  summary: "remove a VPC's static route",
  usage: `kovn vpc route del VPC --cidr CIDR [--next-hop IP] [--policy dst|src] [--table NAME] [--yes] [--dry-run] [-o json] ${targetUsage}`,
  run: (argv) => runVpcRoute('del', argv, processIo),
};

function routeOf(args: ParsedArgs, needNextHop: boolean): StaticRoute {
  const cidr = flagValue(args, 'cidr');
  const nextHopIP = flagValue(args, 'next-hop');
  if (!cidr) throw new UsageError('--cidr is required');
  if (needNextHop && !nextHopIP) throw new UsageError('--next-hop is required');
  const policy = flagValue(args, 'policy', 'dst');
  if (policy !== 'dst' && policy !== 'src') throw new UsageError(`--policy must be dst or src, not "${policy}"`);
  const table = flagValue(args, 'table');
  return { cidr, policy: policy === 'src' ? 'policySrc' : 'policyDst', ...(nextHopIP ? { nextHopIP } : {}), ...(table ? { routeTable: table } : {}) };
}

/** `kovn vpc route add|del`, writing to `io` (tests pass a buffer). */
export async function runVpcRoute(verb: 'add' | 'del', argv: string[], io: CommandIo): Promise<number> {
  const args = parseArgs(argv, ['o', 'output', ...routeFlags], ['yes', 'dry-run']);
  const [vpc, extra] = args.positionals;
  if (!vpc || extra !== undefined) throw new UsageError('give one VPC name');
  const route = routeOf(args, verb === 'add');
  const { cluster } = await connectCluster(targetFlags(args));
  const ctx = { cluster };
  return runPlanCommand(
    io,
    async () => {
      const snapshot = await readSnapshot(ctx);
      const current = snapshot.vpcs.find((v) => v.metadata.name === vpc)?.spec.staticRoutes ?? [];
      const staticRoutes = verb === 'add' ? withStaticRoute(current, route) : withoutStaticRoute(current, route);
      return planVpcRoutes(ctx, { vpc, staticRoutes }, snapshot);
    },
    { yes: args.flags.has('yes'), dryRun: args.flags.has('dry-run'), output: planOutputFormat(flagValue(args, 'o') ?? flagValue(args, 'output')) },
  );
}
