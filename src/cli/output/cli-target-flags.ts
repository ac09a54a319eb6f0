import { flagValue, type ParsedArgs } from '../args.js';
import type { TargetFlags } from '../../engine/cluster/http/cluster-target.js';

/** The flags every cluster verb takes to pick its cluster. */
export const targetValueFlags = ['kubeconfig', 'context', 'state-dir'] as const;

export const targetUsage = '[--kubeconfig FILE [--context NAME] | --state-dir DIR]';

export function targetFlags(args: ParsedArgs): TargetFlags {
  return { kubeconfig: flagValue(args, 'kubeconfig'), context: flagValue(args, 'context'), stateDir: flagValue(args, 'state-dir') };
}
