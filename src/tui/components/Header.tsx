import { Box, Text } from 'ink';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { SourceInfo, TuiStore } from '../store.js';

export interface HeaderProps {
  /** The session store. */
  readonly store: TuiStore;
}

/** `sources: all 9 ready`, or every kind that is not ready with its phase (the first failure's reason too). */
export function sourcesSummary(sources: Readonly<Record<string, SourceInfo>>): string {
  const entries = Object.entries(sources);
  if (!entries.length) return 'sources: connecting…';
  const notReady = entries.filter(([, s]) => s.phase !== 'ready');
  if (!notReady.length) return `sources: all ${entries.length} ready`;
  const failed = notReady.find(([, s]) => s.phase === 'disconnected' || s.phase === 'forbidden');
  const list = notReady.map(([k, s]) => `${k} ${s.phase}`).join(', ');
  return `sources: ${list}${failed ? ` — ${failed[1].message}` : ''}`;
}

/** Context, mode, engine health, NB, and the state of every source. */
export function Header({ store }: HeaderProps) {
  const [context, clusterMode, engineHealth, nbState, color, readonly] = useStore(
    store,
    useShallow((s) => [s.context, s.clusterMode, s.engineHealth, s.nb.state, s.color, s.readonly] as const),
  );
  const sources = useStore(store, (s) => s.sources);
  const summary = sourcesSummary(sources);
  const bad = /disconnected|forbidden/.test(summary);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate" bold>
        {`kovn  ctx: ${context || '-'}  mode: ${clusterMode}  engine: ${engineHealth}  NB: ${nbState}${readonly ? '  [read-only]' : ''}`}
      </Text>
      <Text wrap="truncate" {...(color && bad ? { color: 'red' } : {})}>
        {summary}
      </Text>
    </Box>
  );
}
