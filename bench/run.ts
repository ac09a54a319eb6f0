// `npm run bench [-- NAME…]`: runs the benchmarks (all, or the named ones) and prints each figure next to the
// raw limit measured in the same run. Results and commands are kept in docs/benchmarks.md.
import { cpus } from 'node:os';
import { formatFigure, type Figure } from './support/report.js';
import { ovsdbBench } from './ovsdb/ovsdb-bench.js';
import { engineBench } from './engine/engine-bench.js';
import { labBench } from './lab/lab-bench.js';
import { tuiBench } from './tui/tui-bench.js';

const benches: Record<string, () => Promise<Figure[]>> = {
  ovsdb: ovsdbBench,
  engine: engineBench,
  lab: labBench,
  tui: tuiBench,
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((n) => !(n in benches));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')} (have: ${Object.keys(benches).join(', ')})`);
  process.exit(2);
}
console.log(`kovn benchmarks — ${new Date().toISOString()} — ${cpus().length} cores, node ${process.version}`);
for (const name of wanted.length ? wanted : Object.keys(benches)) {
  console.log(`\n${name}:`);
  for (const figure of await benches[name]()) console.log(formatFigure(figure));
}
