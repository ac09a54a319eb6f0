import { UsageError } from '../command.js';
import { flagValue, type ParsedArgs } from '../args.js';
import { connectCluster } from '../../engine/cluster/http/cluster-target.js';
import type { VpcSpec } from '../../engine/cluster/kinds/kubeovn-types.js';
import type { CommandIo } from '../output/command-io.js';
import { targetFlags } from '../output/cli-target-flags.js';
import { planVpcRoutes, readSnapshot, planOutputFormat, runPlanCommand } from '../../actions/index.js';

/**
 * The flow `kovn vpc route …` and `kovn vpc policy …` share: one VPC named, its current spec read, `edit` turns
 * it into the new route lists, the plan is shown, confirmed and applied.
 */
export async function runVpcRoutesEdit(
  args: ParsedArgs,
  io: CommandIo,
  edit: (spec: VpcSpec) => Pick<VpcSpec, 'staticRoutes'> | Pick<VpcSpec, 'policyRoutes'>,
): Promise<number> {
  const [vpc, extra] = args.positionals;
  if (!vpc || extra !== undefined) throw new UsageError('give one VPC name');
  const { cluster } = await connectCluster(targetFlags(args));
  const ctx = { cluster };
  return runPlanCommand(
    io,
    async () => {
      const snapshot = await readSnapshot(ctx);
      const spec = snapshot.vpcs.find((v) => v.metadata.name === vpc)?.spec ?? {};
      return planVpcRoutes(ctx, { vpc, ...edit(spec) }, snapshot);
    },
    { yes: args.flags.has('yes'), dryRun: args.flags.has('dry-run'), output: planOutputFormat(flagValue(args, 'o') ?? flagValue(args, 'output')) },
  );
}
