#!/usr/bin/env node
// Entry point of the `kovn` command: picks the subcommand and turns errors into messages and exit codes.
import { UsageError } from './command.js';
import { commands, findCommand } from './registry.js';
import { describeError } from './describe-error.js';
import { isTuiInvocation, TUI_USAGE } from '../tui/tui-flags.js';

function printHelp(): void {
  const width = Math.max(...commands.map((c) => c.path.join(' ').length));
  const lines = commands.map((c) => `  kovn ${c.path.join(' ').padEnd(width)}  ${c.summary}`);
  process.stdout.write(`Usage: kovn COMMAND [ARGS]\n   or: ${TUI_USAGE}\n\nCommands:\n${lines.join('\n')}\n`);
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
    printHelp();
    return 0;
  }
  // No subcommand: the terminal UI (`kovn`, `kovn --context X`, `kovn --keys …`).
  if (isTuiInvocation(argv)) {
    try {
      // React's development build costs 1.4–2× per update: the TUI runs production React unless told otherwise.
      process.env.NODE_ENV ??= 'production';
      // Ink decides once, at import, whether it runs in CI (env CI / CONTINUOUS_INTEGRATION) and then draws
      // only the last frame at exit. A session on a real terminal is interactive whatever the environment.
      if (process.stdout.isTTY && process.stdin.isTTY) {
        delete process.env.CI;
        delete process.env.CONTINUOUS_INTEGRATION;
      }
      const { runTui } = await import('../tui/tui-command.js');
      return await runTui(argv);
    } catch (err) {
      if (err instanceof UsageError) {
        process.stderr.write(`kovn: ${err.message}\nUsage: ${TUI_USAGE}\n`);
        return 2;
      }
      process.stderr.write(`kovn: ${describeError(err)}\n`);
      return 1;
    }
  }
  const found = findCommand(argv);
  if (!found) {
    process.stderr.write(`kovn: unknown command "${argv[0]}" (see \`kovn help\`)\n`);
    return 2;
  }
  if (found.args.includes('--help') || found.args.includes('-h')) {
    process.stdout.write(`Usage: ${found.command.usage}\n`);
    return 0;
  }
  try {
    return await found.command.run(found.args);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`kovn: ${err.message}\nUsage: ${found.command.usage}\n`);
      return 2;
    }
    process.stderr.write(`kovn: ${describeError(err)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
