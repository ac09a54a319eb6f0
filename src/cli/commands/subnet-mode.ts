import { UsageError, type CliCommand } from '../command.js';
import { flagValue, parseArgs } from '../args.js';
import { connectCluster } from '../../engine/cluster/http/cluster-target.js';
import { processIo, type CommandIo } from '../output/command-io.js';
import { targetFlags, targetUsage, targetValueFlags } from '../output/cli-target-flags.js';
import { planSubnetMode, planOutputFormat, runPlanCommand, type SubnetModeInput } from '../../actions/index.js';

export const subnetModeCommand: CliCommand = {
  path: ['subnet', 'mode'],
  summary: 'switch a subnet between overlay and underlay (shows the plan, then applies)',
  usage: `kovn subnet mode NAME overlay|underlay [--vlan V [--create-vlan-id N --provider PN]] [--logical-gateway|--u2o] [--yes] [--dry-run] [-o json] ${targetUsage}`,
  run: (argv) => runSubnetMode(argv, processIo),
};

function modeInput(name: string, mode: string, args: ReturnType<typeof parseArgs>): SubnetModeInput {
  if (mode === 'overlay') return { subnet: name, mode: 'overlay' };
  if (mode !== 'underlay') throw new UsageError(`mode must be overlay or underlay, not "${mode}"`);
  const vlan = flagValue(args, 'vlan');
  if (!vlan) throw new UsageError('underlay needs --vlan NAME (an existing Vlan, or a new one with --create-vlan-id and --provider)');
  const idText = flagValue(args, 'create-vlan-id');
  const provider = flagValue(args, 'provider');
  if ((idText === undefined) !== (provider === undefined)) throw new UsageError('--create-vlan-id and --provider go together');
  const id = idText === undefined ? undefined : Number(idText);
  if (id !== undefined && !/^-?\d+$/.test(idText ?? '')) throw new UsageError(`--create-vlan-id must be a number, not "${idText}"`);
  return {
    subnet: name,
    mode: { vlan, ...(id !== undefined && provider ? { createVlan: { id, provider } } : {}) },
    logicalGateway: args.flags.has('logical-gateway'),
    u2oInterconnection: args.flags.has('u2o'),
  };
}

/** The command itself, writing to `io` (tests pass a buffer). */
export async function runSubnetMode(argv: string[], io: CommandIo): Promise<number> {
  const args = parseArgs(argv, ['o', 'output', 'vlan', 'create-vlan-id', 'provider', ...targetValueFlags], ['logical-gateway', 'u2o', 'yes', 'dry-run']);
  const [name, mode, extra] = args.positionals;
  if (!name || !mode || extra !== undefined) throw new UsageError('give a subnet NAME and a mode (overlay or underlay)');
  const input = modeInput(name, mode, args);
  const { cluster } = await connectCluster(targetFlags(args));
  return runPlanCommand(io, () => planSubnetMode({ cluster }, input), { yes: args.flags.has('yes'), dryRun: args.flags.has('dry-run'), output: planOutputFormat(flagValue(args, 'o') ?? flagValue(args, 'output')) });
}
