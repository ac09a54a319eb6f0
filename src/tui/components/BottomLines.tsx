import { Box, Text } from 'ink';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { completeCommand } from '../command-line.js';
import { activeBindings } from '../dispatch-key.js';
import { hintText } from '../key-bindings.js';
import type { TuiStore } from '../store.js';

export interface BottomLinesProps {
  readonly store: TuiStore;
}

/** The flash line (results and errors), then the key hints — or the `:`/`/` prompt or a confirmation. */
export function BottomLines({ store }: BottomLinesProps) {
  const [mode, input, flashText, flashLevel, color, question, promptText, problem] = useStore(
    store,
    useShallow(
      (s) => [s.mode, s.input, s.flash.text, s.flash.level, s.color, s.confirm?.question ?? '', s.prompt?.question ?? '', (s.mode === 'prompt' && s.input && s.prompt?.check?.(s.input)) || ''] as const,
    ),
  );
  useStore(store, (s) => s.pages[s.pages.length - 1].view);
  let bottom: string;
  if (mode === 'command') {
    const completion = completeCommand(input);
    bottom = `:${input}█${completion !== input && completion.startsWith(input) ? `  ${completion}` : ''}`;
  } else if (mode === 'filter') bottom = `/${input}█`;
  else if (mode === 'confirm') bottom = question;
  else if (mode === 'prompt') bottom = `${promptText} ${input}█`;
  else bottom = hintText(activeBindings(store));
  const error = flashLevel === 'error' || problem !== '';
  return (
    <Box flexDirection="column">
      <Text wrap="truncate" {...(color && error ? { color: 'red' } : color ? { color: 'green' } : {})}>
        {problem || flashText || ' '}
      </Text>
      <Text wrap="truncate" {...(color && mode === 'confirm' ? { color: 'yellow' } : {})}>
        {bottom}
      </Text>
    </Box>
  );
}
