import { UsageError, type CliCommand } from '../command.js';
import { flagValue, parseArgs, type ParsedArgs } from '../args.js';
import type { StaticRoute } from '../../engine/cluster/kinds/kubeovn-types.js';
import { processIo, type CommandIo } from '../output/command-io.js';
import { targetUsage, targetValueFlags } from '../output/cli-target-flags.js';
import { withStaticRoute, withoutStaticRoute } from '../../actions/index.js';
import { runVpcRoutesEdit } from './vpc-routes-edit.js';

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
  // Parse the flags before connecting: a usage error needs no cluster.
  if (args.positionals.length !== 1) throw new UsageError('give one VPC name');
  const route = routeOf(args, verb === 'add');
  return runVpcRoutesEdit(args, io, (spec) => {
    const current = spec.staticRoutes ?? [];
    return { staticRoutes: verb === 'add' ? withStaticRoute(current, route) : withoutStaticRoute(current, route) };
  });
}
