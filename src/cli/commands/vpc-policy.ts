import { UsageError, type CliCommand } from '../command.js';
import { flagValue, parseArgs, type ParsedArgs } from '../args.js';
import { connectCluster } from '../../engine/cluster/http/cluster-target.js';
import type { PolicyRoute } from '../../engine/cluster/kinds/kubeovn-types.js';
import { processIo, type CommandIo } from '../output/command-io.js';
import { targetFlags, targetUsage, targetValueFlags } from '../output/cli-target-flags.js';
import { planVpcRoutes, readSnapshot, planOutputFormat, runPlanCommand, withPolicyRoute, withoutPolicyRoute } from '../../actions/index.js';

export const vpcPolicyAddCommand: CliCommand = {
  path: ['vpc', 'policy', 'add'],
  summary: "add (or change the action of) a VPC's policy route",
  usage: `kovn vpc policy add VPC --priority N --match EXPR --action allow|drop|reroute [--next-hop IP[,IP]] [--yes] [--dry-run] [-o json] ${targetUsage}`,
  run: (argv) => runVpcPolicy('add', argv, processIo),
};

export const vpcPolicyDelCommand: CliCommand = {
  path: ['vpc', 'policy', 'del'],
  summary: "remove a VPC's policy route",
  usage: `kovn vpc policy del VPC --priority N --match EXPR [--yes] [--dry-run] [-o json] ${targetUsage}`,
  run: (argv) => runVpcPolicy('del', argv, processIo),
};

function policyOf(args: ParsedArgs, verb: 'add' | 'del'): PolicyRoute {
  const priorityText = flagValue(args, 'priority');
  const match = flagValue(args, 'match');
  if (priorityText === undefined || !/^\d+$/.test(priorityText)) throw new UsageError('--priority N (a number) is required');
  if (!match) throw new UsageError('--match EXPR is required');
  const route: PolicyRoute = { priority: Number(priorityText), match };
  if (verb === 'del') return route;
  const action = flagValue(args, 'action');
  if (action !== 'allow' && action !== 'drop' && action !== 'reroute') throw new UsageError('--action must be allow, drop or reroute');
  const nextHop = flagValue(args, 'next-hop');
  return { ...route, action, ...(nextHop ? { nextHopIP: nextHop } : {}) };
}

/** `kovn vpc policy add|del`, writing to `io` (tests pass a buffer). */
export async function runVpcPolicy(verb: 'add' | 'del', argv: string[], io: CommandIo): Promise<number> {
  const args = parseArgs(argv, ['o', 'output', 'priority', 'match', 'action', 'next-hop', ...targetValueFlags], ['yes', 'dry-run']);
  const [vpc, extra] = args.positionals;
  if (!vpc || extra !== undefined) throw new UsageError('give one VPC name');
  const route = policyOf(args, verb);
  const { cluster } = await connectCluster(targetFlags(args));
  const ctx = { cluster };
  return runPlanCommand(
    io,
    async () => {
      const snapshot = await readSnapshot(ctx);
      const current = snapshot.vpcs.find((v) => v.metadata.name === vpc)?.spec.policyRoutes ?? [];
      const policyRoutes = verb === 'add' ? withPolicyRoute(current, route) : withoutPolicyRoute(current, route);
      return planVpcRoutes(ctx, { vpc, policyRoutes }, snapshot);
    },
    { yes: args.flags.has('yes'), dryRun: args.flags.has('dry-run'), output: planOutputFormat(flagValue(args, 'o') ?? flagValue(args, 'output')) },
  );
}
