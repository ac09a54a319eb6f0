import { runKeyScript } from './run-script.js';
import { runTerminal } from './run-terminal.js';
import { openSession } from './session.js';
import { parseTuiFlags, sessionTarget } from './tui-flags.js';

/** `kovn` with no subcommand: the full-screen UI, or the scripted one with --keys. Returns the exit code. */
export async function runTui(argv: readonly string[]): Promise<number> {
  const flags = parseTuiFlags(argv);
  if (flags.keys === undefined && !process.stdin.isTTY) {
    process.stderr.write('kovn: the terminal UI needs an interactive terminal (stdin is not a TTY).\n  Drive it with a key script instead: kovn --keys \'<wait:Subnets>j<enter>\' (see kovn --help), or use kovn get …\n');
    return 2;
  }
  const session = await openSession(sessionTarget(flags), { readonly: flags.readonly, progress: (l) => process.stderr.write(`${l}\n`) });
  try {
    if (flags.keys !== undefined) {
      await runKeyScript(session.store, flags.keys, { frames: flags.frames, ...(flags.size ?? {}) });
    } else {
      await runTerminal(session);
    }
    return 0;
  } finally {
    await session.stop();
  }
}
