// The TUI's command line, kept free of Ink and React so that `kovn <subcommand>` does not load them.
import { defaultLabStateDir } from '../engine/cluster/http/cluster-target.js';
import { UsageError } from '../cli/command.js';
import { KEY_SCRIPT_HELP } from './key-script.js';
import type { SessionTarget } from './session.js';

export const TUI_USAGE = `kovn [--context NAME] [--kubeconfig FILE [--nb REMOTE]] [--state-dir DIR] [--readonly] [--keys SCRIPT [--frames] [--size COLSxROWS]]

With no arguments kovn opens the terminal UI on the lab (started if needed, state in ${'$'}XDG_STATE_HOME/kovn/lab);
--context/--kubeconfig open a cluster instead (--nb tcp:HOST:6641 shows its Northbound rows; the lab's NB is
found by itself). --readonly removes every key that writes.
${KEY_SCRIPT_HELP}`;

export interface TuiFlags {
  readonly context?: string;
  readonly kubeconfig?: string;
  readonly stateDir?: string;
  readonly nb?: string;
  readonly readonly: boolean;
  readonly keys?: string;
  readonly frames: boolean;
  readonly size?: { columns: number; rows: number };
}

const VALUE_FLAGS = ['--context', '--kubeconfig', '--state-dir', '--keys', '--size', '--nb'];
const BOOL_FLAGS = ['--readonly', '--frames'];

/** True when argv is the TUI's (no subcommand, only TUI flags). */
export function isTuiInvocation(argv: readonly string[]): boolean {
  return argv.length === 0 || VALUE_FLAGS.includes(argv[0].split('=')[0]) || BOOL_FLAGS.includes(argv[0]);
}

export function parseTuiFlags(argv: readonly string[]): TuiFlags {
  const values: Record<string, string> = {};
  const bools = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    if (BOOL_FLAGS.includes(flag)) bools.add(flag);
    else if (VALUE_FLAGS.includes(flag)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`${flag} needs a value`);
      values[flag] = value;
    } else throw new UsageError(`unknown option "${argv[i]}"`);
  }
  let size: TuiFlags['size'];
  if (values['--size']) {
    const m = /^(\d+)x(\d+)$/.exec(values['--size']);
    if (!m || Number(m[1]) < 40 || Number(m[2]) < 10) throw new UsageError(`--size must be COLSxROWS of at least 40x10, not "${values['--size']}"`);
    size = { columns: Number(m[1]), rows: Number(m[2]) };
  }
  if (bools.has('--frames') && values['--keys'] === undefined) throw new UsageError('--frames only goes with --keys');
  return {
    ...(values['--context'] ? { context: values['--context'] } : {}),
    ...(values['--kubeconfig'] ? { kubeconfig: values['--kubeconfig'] } : {}),
    ...(values['--state-dir'] ? { stateDir: values['--state-dir'] } : {}),
    ...(values['--nb'] ? { nb: values['--nb'] } : {}),
    ...(values['--keys'] !== undefined ? { keys: values['--keys'] } : {}),
    ...(size ? { size } : {}),
    readonly: bools.has('--readonly'),
    frames: bools.has('--frames'),
  };
}

export function sessionTarget(flags: TuiFlags): SessionTarget {
  if (flags.context || flags.kubeconfig) {
    return { kind: 'cluster', ...(flags.kubeconfig ? { kubeconfigPath: flags.kubeconfig } : {}), ...(flags.context ? { context: flags.context } : {}), ...(flags.nb ? { nbRemote: flags.nb } : {}) };
  }
  return { kind: 'lab', stateDir: flags.stateDir ?? defaultLabStateDir() };
}
