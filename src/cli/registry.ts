import type { CliCommand } from './command.js';
import { versionCommand } from './commands/version.js';
import { apiServeCommand } from './commands/api-serve.js';
import { applyCommand } from './commands/apply.js';
import { getCommand } from './commands/get.js';
import { deleteCommand } from './commands/delete.js';
import { engineCommand } from './commands/engine.js';
import { labDaemonCommand, labDownCommand, labExecCommand, labRestartCommand, labStatusCommand, labUpCommand } from './commands/lab.js';
import { nbctlCommand, sbctlCommand } from './commands/ovn-ctl.js';
import { subnetModeCommand } from './commands/subnet-mode.js';
import { subnetGatewayCommand } from './commands/subnet-gateway.js';
import { subnetCreateCommand } from './commands/subnet-create.js';
import { subnetDeleteCommand } from './commands/subnet-delete.js';
import { vpcCreateCommand } from './commands/vpc-create.js';
import { vpcDeleteCommand } from './commands/vpc-delete.js';
import { vpcRouteAddCommand, vpcRouteDelCommand } from './commands/vpc-route.js';
import { vpcPolicyAddCommand, vpcPolicyDelCommand } from './commands/vpc-policy.js';

/**
 * Every subcommand of `kovn`, one line each. A new command is one file under `commands/` and one line here.
 */
export const commands: readonly CliCommand[] = [
  versionCommand,
  apiServeCommand,
  applyCommand,
  getCommand,
  deleteCommand,
  engineCommand,
  labUpCommand,
  labDownCommand,
  labStatusCommand,
  labDaemonCommand,
  labExecCommand,
  labRestartCommand,
  nbctlCommand,
  sbctlCommand,
  subnetModeCommand,
  subnetGatewayCommand,
  subnetCreateCommand,
  subnetDeleteCommand,
  vpcCreateCommand,
  vpcDeleteCommand,
  vpcRouteAddCommand,
  vpcRouteDelCommand,
  vpcPolicyAddCommand,
  vpcPolicyDelCommand,
];

/** The command whose path is the longest prefix of argv, and the arguments that follow it. */
export function findCommand(argv: readonly string[]): { command: CliCommand; args: string[] } | undefined {
  let best: CliCommand | undefined;
  for (const c of commands) {
    const matches = c.path.every((word, i) => argv[i] === word);
    if (matches && (!best || c.path.length > best.path.length)) best = c;
  }
  return best ? { command: best, args: argv.slice(best.path.length) } : undefined;
}
