import { Box, Text } from 'ink';
import { useStore } from 'zustand';
import { describeLines } from '../../views/describe-lines.js';
import { detailPaneHeight } from '../layout.js';
import type { PageRows } from '../page-rows.js';
import { currentPage, type TuiState, type TuiStore } from '../store.js';

export interface DetailPaneProps {
  readonly store: TuiStore;
  /** The session's memoized rows selector (the same one the table uses). */
  readonly pageRows: (state: TuiState) => PageRows;
}

/** Under the table: the selected object's spec, status, conditions and NB rows, cut to the pane's height. */
export function DetailPane({ store, pageRows }: DetailPaneProps) {
  const height = useStore(store, detailPaneHeight);
  const { rows } = useStore(store, pageRows);
  const cursor = useStore(store, (s) => currentPage(s).cursor);
  const nb = useStore(store, (s) => s.nb);
  if (height === 0) return null;
  const selected = rows[Math.min(cursor, rows.length - 1)];
  const lines = selected?.object ? describeLines(selected.object, nb).slice(1) : ['(nothing selected)'];
  return (
    <Box flexDirection="column" height={height}>
      <Text wrap="truncate" bold>{`── ${selected?.key ?? ''} ${'─'.repeat(40)}`}</Text>
      {lines.slice(0, height - 1).map((line, i) => (
        <Text key={i} wrap="truncate">
          {line || ' '}
        </Text>
      ))}
    </Box>
  );
}
