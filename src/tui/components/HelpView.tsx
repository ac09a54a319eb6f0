import { Box, Text } from 'ink';
import { useStore } from 'zustand';
import { activeBindings } from '../dispatch-key.js';
import { bodyHeight } from '../layout.js';
import type { KeyBinding } from '../key-bindings.js';
import type { TuiStore } from '../store.js';

export interface HelpViewProps {
  readonly store: TuiStore;
}

export function helpLines(bindings: readonly KeyBinding[]): string[] {
  return bindings.map((b) => {
    const keys = [b.key, ...(b.aliases ?? [])].map((k) => `<${k}>`).join(' ');
    const flags = [b.writes ? 'writes' : '', b.dangerous ? 'confirms' : ''].filter(Boolean).join(', ');
    return `${keys.padEnd(16)} ${b.description}${flags ? `  (${flags})` : ''}`;
  });
}

/** Lays lines out in two columns when they do not fit `height`. */
export function twoColumns(lines: readonly string[], height: number, half: number): string[] {
  if (lines.length <= height) return [...lines];
  const rows = Math.ceil(lines.length / 2);
  return lines.slice(0, rows).map((l, i) => `${l.slice(0, half - 1).padEnd(half)}${lines[rows + i] ?? ''}`);
}

/** Every key of the current view, from its key table (read-only mode shows only what remains). */
export function HelpView({ store }: HelpViewProps) {
  useStore(store, (s) => s.pages);
  useStore(store, (s) => s.readonly);
  const height = useStore(store, bodyHeight);
  const width = useStore(store, (s) => s.size.columns);
  const lines = twoColumns(helpLines(activeBindings(store)), height - 2, Math.floor(width / 2));
  const extra = [':vpc :subnet :ip :node :vlan :pn :eip :events :tree :q   (Tab completes, Up/Down history)', '/text  /regex  /!inverse   (Esc clears)'];
  return (
    <Box flexDirection="column" height={height + 2}>
      <Text bold>Keys of this view  (<Text>esc</Text> closes)</Text>
      {[...lines, ...extra].slice(0, height + 1).map((l) => (
        <Text key={l} wrap="truncate">
          {l}
        </Text>
      ))}
    </Box>
  );
}
