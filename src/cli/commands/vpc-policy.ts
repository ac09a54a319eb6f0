import { UsageError, type CliCommand } from '../command.js';
import { flagValue, parseArgs, type ParsedArgs } from '../args.js';
import type { PolicyRoute } from '../../engine/cluster/kinds/kubeovn-types.js';
import { processIo, type CommandIo } from '../output/command-io.js';
import { targetUsage, targetValueFlags } from '../output/cli-target-flags.js';
import { withPolicyRoute, withoutPolicyRoute } from '../../actions/index.js';
import { runVpcRoutesEdit } from './vpc-routes-edit.js';

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
  // Parse the flags before connecting: a usage error needs no cluster.
  if (args.positionals.length !== 1) throw new UsageError('give one VPC name');
  const route = policyOf(args, verb);
  return runVpcRoutesEdit(args, io, (spec) => {
    const current = spec.policyRoutes ?? [];
    return { policyRoutes: verb === 'add' ? withPolicyRoute(current, route) : withoutPolicyRoute(current, route) };
  });
}
