import { Box, Text } from 'ink';
import { useStore } from 'zustand';
import { formLines } from '../form/form-lines.js';
import { bodyHeight } from '../layout.js';
import type { TuiStore } from '../store.js';

export interface FormViewProps {
  readonly store: TuiStore;
}

/** The action form on screen in place of the table: its title, the window of lines around the focus. */
export function FormView({ store }: FormViewProps) {
  const form = useStore(store, (s) => s.form);
  const height = useStore(store, bodyHeight);
  const color = useStore(store, (s) => s.color);
  if (!form) return null;
  const lines = formLines(form);
  const focus = Math.max(0, lines.findIndex((l) => l.focused));
  const room = height + 1;
  const start = Math.max(0, Math.min(focus - Math.floor(room / 2), lines.length - room));
  return (
    <Box flexDirection="column" height={height + 2}>
      <Text wrap="truncate" bold>
        {form.spec.title}
      </Text>
      {lines.slice(start, start + room).map((line, i) => (
        <Text key={start + i} wrap="truncate" bold={line.focused} {...(color && line.level === 'error' ? { color: 'red' } : color && line.focused ? { color: 'cyan' } : {})}>
          {line.text || ' '}
        </Text>
      ))}
    </Box>
  );
}
