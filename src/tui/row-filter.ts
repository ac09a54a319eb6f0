import type { TableRow } from '../views/view-types.js';

/**
 * Keeps rows matching `filter`: a case-insensitive regular expression (plain text is a substring match, as a
 * regex without metacharacters is), `!` in front inverts. An invalid regex falls back to a substring match.
 */
// Rows are immutable and rebuilt only when their data changes, so each row's search text is joined once.
const searchText = new WeakMap<TableRow, string>();

function textOf(row: TableRow): string {
  let text = searchText.get(row);
  if (text === undefined) searchText.set(row, (text = row.cells.join(' ')));
  return text;
}

export function filterRows(rows: readonly TableRow[], filter: string): readonly TableRow[] {
  if (!filter || filter === '!') return rows;
  const invert = filter.startsWith('!');
  const pattern = invert ? filter.slice(1) : filter;
  let test: (text: string) => boolean;
  try {
    const re = new RegExp(pattern, 'i');
    test = (t) => re.test(t);
  } catch {
    const needle = pattern.toLowerCase();
    test = (t) => t.toLowerCase().includes(needle);
  }
  return rows.filter((r) => test(textOf(r)) !== invert);
}
