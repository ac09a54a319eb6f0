import { spawnSync } from 'node:child_process';
import type { CliCommand } from '../command.js';
import { defaultLabStateDir } from '../../engine/cluster/http/cluster-target.js';
import { labLayout } from '../../engine/lab/lab-layout.js';

/** `--state-dir DIR` may come first; everything else goes to the OVN tool unchanged. */
function splitStateDir(argv: string[]): { stateDir: string; rest: string[] } {
  if (argv[0] === '--state-dir' && argv[1]) return { stateDir: argv[1], rest: argv.slice(2) };
  if (argv[0]?.startsWith('--state-dir=')) return { stateDir: argv[0].slice('--state-dir='.length), rest: argv.slice(1) };
  return { stateDir: defaultLabStateDir(), rest: argv };
}

function ovnTool(tool: 'ovn-nbctl' | 'ovn-sbctl', socketOf: (l: ReturnType<typeof labLayout>) => string): CliCommand['run'] {
  return async (argv) => {
    const { stateDir, rest } = splitStateDir(argv);
    const result = spawnSync(tool, [`--db=unix:${socketOf(labLayout(stateDir))}`, ...rest], { stdio: 'inherit' });
    if (result.error) {
      process.stderr.write(`kovn: cannot run ${tool}: ${result.error.message} (install ovn-central)\n`);
      return 1;
    }
    return result.status ?? 1;
  };
}

export const nbctlCommand: CliCommand = {
  path: ['nbctl'],
  summary: "run ovn-nbctl against the lab's Northbound",
  usage: 'kovn nbctl [--state-dir DIR] ARGS…',
  run: ovnTool('ovn-nbctl', (l) => l.nbSocket),
};

export const sbctlCommand: CliCommand = {
  path: ['sbctl'],
  summary: "run ovn-sbctl against the lab's Southbound",
  usage: 'kovn sbctl [--state-dir DIR] ARGS…',
  run: ovnTool('ovn-sbctl', (l) => l.sbSocket),
};
