/**
 * kovn's user intents, shared by the TUI and the CLI. Each action validates its input (throwing
 * `ActionValidationError` with issues that name field, value and conflicting object; nothing written), returns
 * a `Plan` (object changes + the OVN rows the controller will change, computed with its desired-state
 * functions), and `plan.apply()` writes the objects with optimistic concurrency and waits for the verdict.
 */
export type { ActionContext, NetworkNames, ObjectChange, Outcome, Plan, SnapshotKind, SnapshotReader } from './action-types.js';
export { ActionConflictError, ActionValidationError } from './action-errors.js';
export type { ClusterSnapshot } from './cluster-snapshot.js';
export { readSnapshot, snapshotOf } from './cluster-snapshot.js';
export { ovnChangesBetween } from './plan-assembly.js';
export type { NewVlan, SubnetModeInput } from './subnet-mode.js';
export { planSubnetMode } from './subnet-mode.js';
export type { GatewayNodeChoice, SubnetGatewayInput } from './subnet-gateway.js';
export { gatewayNodeText, planSubnetGateway } from './subnet-gateway.js';
export type { CreateSubnetInput } from './subnet-lifecycle.js';
export { planCreateSubnet, planDeleteSubnet } from './subnet-lifecycle.js';
export type { CreateVpcInput } from './vpc-lifecycle.js';
export { planCreateVpc, planDeleteVpc } from './vpc-lifecycle.js';
export type { VpcRoutesInput } from './vpc-routes.js';
export { planVpcRoutes, withPolicyRoute, withStaticRoute, withoutPolicyRoute, withoutStaticRoute } from './vpc-routes.js';
export type { FieldValidationOptions, PartialObject, SubnetField, VlanField, VpcField } from './field-validators.js';
export { validateNewVlanField, validateSubnetField, validateVpcField } from './field-validators.js';
export { formatOutcome, formatPlan, formatValidationError } from './plan-text.js';
export type { PlanCommandIo, PlanCommandOptions } from './plan-command.js';
export { planOutputFormat, runPlanCommand } from './plan-command.js';
