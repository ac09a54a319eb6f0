import { Box, Text } from 'ink';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { completeCommand } from '../command-line.js';
import { activeBindings } from '../dispatch-key.js';
import { formHints } from '../form/form-lines.js';
import { shownProblems } from '../form/form-state.js';
import { hintText } from '../key-bindings.js';
import { ROUTE_EDITOR_HINTS } from '../routes/route-editor-keys.js';
import type { TuiStore } from '../store.js';

export interface BottomLinesProps {
  readonly store: TuiStore;
}

/** The flash line (results and errors), then the key hints — or the `:`/`/` line, a confirmation, the form's or the route editor's keys. */
export function BottomLines({ store }: BottomLinesProps) {
  const [mode, input, flashText, flashLevel, color, question] = useStore(
    store,
    useShallow((s) => [s.mode, s.input, s.flash.text, s.flash.level, s.color, s.confirm?.question ?? ''] as const),
  );
  useStore(store, (s) => s.pages[s.pages.length - 1].view);
  const form = useStore(store, (s) => (s.mode === 'form' ? s.form : undefined));
  // In a form, the flash line carries the focused field's problem in full (next to the field it may be cut).
  const fieldProblem = form ? (shownProblems(form)[form.focus] ?? '') : '';
  let bottom: string;
  if (mode === 'command') {
    const completion = completeCommand(input);
    bottom = `:${input}█${completion !== input && completion.startsWith(input) ? `  ${completion}` : ''}`;
  } else if (mode === 'filter') bottom = `/${input}█`;
  else if (mode === 'confirm') bottom = question;
  else if (form) bottom = formHints(form);
  else if (mode === 'routes') bottom = ROUTE_EDITOR_HINTS;
  else bottom = hintText(activeBindings(store));
  const error = flashLevel === 'error' || fieldProblem !== '';
  return (
    <Box flexDirection="column">
      <Text wrap="truncate" {...(color && error ? { color: 'red' } : color ? { color: 'green' } : {})}>
        {fieldProblem || flashText || ' '}
      </Text>
      <Text wrap="truncate" {...(color && mode === 'confirm' ? { color: 'yellow' } : {})}>
        {bottom}
      </Text>
    </Box>
  );
}
