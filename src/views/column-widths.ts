/**
 * Column widths for the visible rows: each column as wide as its widest cell (header included), the widest
 * shrunk first until the line fits `total`; a column keeps at least 3 characters.
 */
export function columnWidths(headers: readonly string[], rows: readonly (readonly string[])[], total: number): number[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const gaps = headers.length - 1;
  let excess = widths.reduce((a, b) => a + b, 0) + gaps - total;
  while (excess > 0) {
    const widest = widths.indexOf(Math.max(...widths));
    if (widths[widest] <= 3) break;
    widths[widest] -= 1;
    excess -= 1;
  }
  return widths;
}

/** Pads or truncates (with `…`) one cell. */
export function fitCell(text: string, width: number): string {
  if (text.length <= width) return text.padEnd(width);
  return width <= 1 ? text.slice(0, width) : `${text.slice(0, width - 1)}…`;
}

export function formatLine(cells: readonly string[], widths: readonly number[]): string {
  return widths.map((w, i) => fitCell(cells[i] ?? '', w)).join(' ');
}
