import { UsageError, type CliCommand } from '../command.js';
import { flagValue, parseArgs } from '../args.js';
import { connectCluster } from '../../engine/cluster/http/cluster-target.js';
import { processIo, type CommandIo } from '../output/command-io.js';
import { targetFlags, targetUsage, targetValueFlags } from '../output/cli-target-flags.js';
import { planSubnetGateway, planOutputFormat, runPlanCommand, type GatewayNodeChoice, type SubnetGatewayInput } from '../../actions/index.js';

export const subnetGatewayCommand: CliCommand = {
  path: ['subnet', 'gateway'],
  summary: "edit a subnet's gateway: distributed or centralized, gateway nodes, ECMP, NAT",
  usage: `kovn subnet gateway NAME --type distributed|centralized [--nodes n1:egressIP,n2] [--selector k=v,k2=v2] [--ecmp|--no-ecmp] [--nat|--no-nat] [--yes] [--dry-run] [-o json] ${targetUsage}`,
  run: (argv) => runSubnetGateway(argv, processIo),
};

/** `n1:172.18.0.2,n2` → node choices (only the first `:` splits, so IPv6 egress IPs survive). */
function parseNodes(text: string): GatewayNodeChoice[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((item) => {
      const colon = item.indexOf(':');
      return colon < 0 ? { name: item } : { name: item.slice(0, colon), egressIP: item.slice(colon + 1) };
    });
}

function parseSelector(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of text.split(',').filter((p) => p.trim() !== '')) {
    const [key, value, extra] = pair.split('=');
    if (!key || value === undefined || extra !== undefined) throw new UsageError(`--selector takes key=value pairs, not "${pair}"`);
    labels[key.trim()] = value.trim();
  }
  return labels;
}

function toggle(args: ReturnType<typeof parseArgs>, on: string, off: string): boolean | undefined {
  if (args.flags.has(on) && args.flags.has(off)) throw new UsageError(`--${on} and --${off} exclude each other`);
  return args.flags.has(on) ? true : args.flags.has(off) ? false : undefined;
}

/** The command itself, writing to `io` (tests pass a buffer). */
export async function runSubnetGateway(argv: string[], io: CommandIo): Promise<number> {
  const args = parseArgs(argv, ['o', 'output', 'type', 'nodes', 'selector', ...targetValueFlags], ['ecmp', 'no-ecmp', 'nat', 'no-nat', 'yes', 'dry-run']);
  const [name, extra] = args.positionals;
  if (!name || extra !== undefined) throw new UsageError('give one subnet NAME');
  const type = flagValue(args, 'type');
  if (type !== 'distributed' && type !== 'centralized') throw new UsageError('--type must be distributed or centralized');
  const nodes = flagValue(args, 'nodes');
  const selector = flagValue(args, 'selector');
  const enableEcmp = toggle(args, 'ecmp', 'no-ecmp');
  const natOutgoing = toggle(args, 'nat', 'no-nat');
  const input: SubnetGatewayInput = {
    subnet: name,
    gatewayType: type,
    ...(nodes !== undefined ? { nodes: parseNodes(nodes) } : {}),
    ...(selector !== undefined ? { selectors: [{ matchLabels: parseSelector(selector) }] } : {}),
    ...(enableEcmp !== undefined ? { enableEcmp } : {}),
    ...(natOutgoing !== undefined ? { natOutgoing } : {}),
  };
  const { cluster } = await connectCluster(targetFlags(args));
  return runPlanCommand(io, () => planSubnetGateway({ cluster }, input), { yes: args.flags.has('yes'), dryRun: args.flags.has('dry-run'), output: planOutputFormat(flagValue(args, 'o') ?? flagValue(args, 'output')) });
}
