import { Box, Text } from 'ink';
import { useStore } from 'zustand';
import { bodyHeight } from '../layout.js';
import { windowStart } from '../navigation.js';
import { routeRowText, routeRows, type RouteRow } from '../routes/route-draft.js';
import type { TuiStore } from '../store.js';

export interface RouteEditorViewProps {
  readonly store: TuiStore;
}

function sectionOf(rows: readonly RouteRow[], i: number): string | undefined {
  const kind = rows[i].kind;
  if (i > 0 && rows[i - 1].kind === kind) return undefined;
  return kind === 'static' ? 'static routes' : 'policy routes';
}

/** The VPC route editor: static then policy routes of the draft, `+` added and `-` removed, with a cursor. */
export function RouteEditorView({ store }: RouteEditorViewProps) {
  const draft = useStore(store, (s) => s.routeDraft);
  const height = useStore(store, bodyHeight);
  const color = useStore(store, (s) => s.color);
  if (!draft) return null;
  const rows = routeRows(draft);
  const edits = rows.filter((r) => r.mark !== ' ').length;
  const cursor = Math.min(draft.cursor, Math.max(0, rows.length - 1));
  const lines: { text: string; row?: number }[] = [];
  rows.forEach((row, i) => {
    const section = sectionOf(rows, i);
    if (section) lines.push({ text: `  ${section}` });
    lines.push({ text: `${i === cursor ? '>' : ' '} ${routeRowText(row)}`, row: i });
  });
  if (rows.length === 0) lines.push({ text: '  (no routes: s adds a static route, p a policy route)' });
  const focus = Math.max(0, lines.findIndex((l) => l.row === cursor));
  const start = windowStart(focus, height + 1, lines.length, 0);
  return (
    <Box flexDirection="column" height={height + 2}>
      <Text wrap="truncate" bold>{`Routes of VPC ${draft.vpc}  (${edits === 0 ? 'no edits' : `${edits} edit${edits === 1 ? '' : 's'} not yet planned`})`}</Text>
      {lines.slice(start, start + height + 1).map((line, i) => {
        const selected = line.row !== undefined && line.row === cursor;
        const mark = line.row !== undefined ? rows[line.row].mark : ' ';
        const tint = color ? (mark === '+' ? { color: 'green' } : mark === '-' ? { color: 'red' } : {}) : {};
        return (
          <Text key={start + i} wrap="truncate" inverse={selected} bold={line.row === undefined} {...tint}>
            {line.text}
          </Text>
        );
      })}
    </Box>
  );
}
