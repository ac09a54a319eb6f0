import { Box, Text } from 'ink';
import { useStore } from 'zustand';
import { bodyHeight } from '../layout.js';
import type { TuiStore } from '../store.js';

export interface TextViewerProps {
  readonly store: TuiStore;
}

/** YAML or describe text over the table, scrolled by the viewer keys; only the visible lines are rendered. */
export function TextViewer({ store }: TextViewerProps) {
  const viewer = useStore(store, (s) => s.viewer);
  const height = useStore(store, bodyHeight);
  if (!viewer) return null;
  const visible = viewer.lines.slice(viewer.offset, viewer.offset + height + 1);
  return (
    <Box flexDirection="column" height={height + 2}>
      <Text wrap="truncate" bold>{`${viewer.title}  [${viewer.offset + 1}-${viewer.offset + visible.length}/${viewer.lines.length}]  <esc> close`}</Text>
      {visible.map((line, i) => (
        <Text key={i} wrap="truncate">
          {line || ' '}
        </Text>
      ))}
    </Box>
  );
}
