import { memo } from 'react';
import { Box, Text } from 'ink';
import { useStore } from 'zustand';
import { columnWidths, formatLine } from '../../views/column-widths.js';
import { tableHeight } from '../layout.js';
import { windowStart } from '../navigation.js';
import type { PageRows } from '../page-rows.js';
import { currentPage, type TuiState, type TuiStore } from '../store.js';

export interface TableViewProps {
  readonly store: TuiStore;
  /** The memoized rows selector of this session. */
  readonly pageRows: (state: TuiState) => PageRows;
}

/** What the table cannot show: the view's sources that are not ready, or '' when all are. */
export function sourceNotice(state: TuiState, kinds: readonly string[]): string {
  for (const kind of kinds) {
    const s = state.sources[kind];
    if (!s) return `${kind}: connecting…`;
    if (s.phase === 'disconnected' || s.phase === 'forbidden') return `${kind} ${s.phase}: ${s.message}`;
  }
  for (const kind of kinds) if (state.sources[kind]?.phase === 'syncing') return `${kind} syncing…`;
  return '';
}

const Row = memo(function Row({ line, selected, color }: { line: string; selected: boolean; color: boolean }) {
  return (
    <Text wrap="truncate" inverse={selected} {...(color && selected ? { color: 'cyan' } : {})}>
      {line}
    </Text>
  );
});

/** The top page's table: a title, the column header and only the visible window of rows. */
export function TableView({ store, pageRows }: TableViewProps) {
  const { view, all, rows } = useStore(store, pageRows);
  const page = useStore(store, currentPage);
  const height = useStore(store, tableHeight);
  const width = useStore(store, (s) => s.size.columns);
  const color = useStore(store, (s) => s.color);
  const notice = useStore(store, (s) => sourceNotice(s, view.kinds));
  const cursor = Math.min(page.cursor, Math.max(0, rows.length - 1));
  const start = windowStart(cursor, height, rows.length, page.offset ?? 0);
  const visible = rows.slice(start, start + height);
  const widths = columnWidths(view.columns, visible.map((r) => r.cells), width - 2);
  const scope = page.scope?.vpc ?? page.scope?.subnet;
  const count = page.filter ? `${rows.length}/${all.length}` : `${all.length}`;
  const title = `${view.title}${scope ? `(${scope})` : ''} [${count}]${page.filter ? ` /${page.filter}` : ''}${notice ? `  — ${notice}` : ''}`;
  const bad = /disconnected|forbidden/.test(notice);
  return (
    <Box flexDirection="column" height={height + 2}>
      <Text wrap="truncate" bold {...(color && bad ? { color: 'red' } : {})}>
        {title}
      </Text>
      <Text wrap="truncate" bold>{`  ${formatLine(view.columns, widths)}`}</Text>
      {visible.length === 0 ? (
        <Text wrap="truncate">{notice ? `  (${notice})` : page.filter ? '  (no rows match the filter)' : '  (none)'}</Text>
      ) : (
        visible.map((r, i) => <Row key={r.key} line={`${start + i === cursor ? '>' : ' '} ${formatLine(r.cells, widths)}`} selected={start + i === cursor} color={color} />)
      )}
    </Box>
  );
}
