import { runCommand } from '../../src/engine/proc/run-command.js';

/**
 * Builds, from a live NB, one raw transaction that inserts the same rows into an empty NB: every row of the
 * given tables in wire format, `_uuid`s turned into uuid-names and references to them into named-uuids. It is
 * the raw limit for "writing what kovn wrote", prepared before the clock starts.
 */
export async function rawReplayOf(remote: string, tables: readonly string[]): Promise<{ payload: string; rows: number }> {
  const ops = tables.map((table) => ({ op: 'select', table, where: [] }));
  const out = await runCommand(['ovsdb-client', 'transact', remote, JSON.stringify(['OVN_Northbound', ...ops])], { timeoutMs: 60_000 });
  const results = JSON.parse(out.stdout) as { rows: Record<string, unknown>[] }[];
  const names = new Map<string, string>();
  results.forEach((r) => r.rows.forEach((row) => names.set((row._uuid as [string, string])[1], `r${names.size}`)));
  const rewrite = (v: unknown): unknown => {
    if (Array.isArray(v)) {
      if (v.length === 2 && v[0] === 'uuid' && typeof v[1] === 'string' && names.has(v[1])) return ['named-uuid', names.get(v[1])];
      return v.map(rewrite);
    }
    return v;
  };
  const inserts: unknown[] = [];
  results.forEach((r, i) => {
    for (const row of r.rows) {
      const { _uuid, _version, ...columns } = row;
      void _version;
      const fixed: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(columns)) fixed[k] = rewrite(v);
      inserts.push({ op: 'insert', table: tables[i], 'uuid-name': names.get((_uuid as [string, string])[1]), row: fixed });
    }
  });
  return { payload: JSON.stringify({ method: 'transact', params: ['OVN_Northbound', ...inserts], id: 1 }), rows: inserts.length };
}
