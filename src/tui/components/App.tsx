import { useCallback, useMemo } from 'react';
import { Box, useInput, type Key } from 'ink';
import { useStore } from 'zustand';
import { dispatchKey } from '../dispatch-key.js';
import { keyPresses } from '../key-name.js';
import { rootHeight } from '../layout.js';
import { createPageRowsSelector } from '../page-rows.js';
import type { TuiStore } from '../store.js';
import { Breadcrumbs } from './Breadcrumbs.js';
import { DetailPane } from './DetailPane.js';
import { BottomLines } from './BottomLines.js';
import { Header } from './Header.js';
import { FormView } from './FormView.js';
import { HelpView } from './HelpView.js';
import { RouteEditorView } from './RouteEditorView.js';
import { TableView } from './TableView.js';
import { TextViewer } from './TextViewer.js';

export interface AppProps {
  /** The session store: data, pages, modes. */
  readonly store: TuiStore;
}

/** The whole screen: header, breadcrumbs, the body of the current mode, flash and hints. */
export function App({ store }: AppProps) {
  const pageRows = useMemo(() => createPageRowsSelector(), []);
  const mode = useStore(store, (s) => s.mode);
  const height = useStore(store, rootHeight);
  const width = useStore(store, (s) => s.size.columns);
  // One handler for the life of the screen: an inline arrow would make Ink re-subscribe it after every commit.
  // It reads everything from the store, and a burst of keys in one input event is dispatched key by key.
  const onInput = useCallback(
    (input: string, key: Key) => {
      for (const press of keyPresses(input, key)) dispatchKey(store, press, (st) => pageRows(st.getState()));
    },
    [store, pageRows],
  );
  useInput(onInput);
  return (
    <Box flexDirection="column" height={height} width={width}>
      <Header store={store} />
      <Breadcrumbs store={store} />
      {mode === 'help' ? (
        <HelpView store={store} />
      ) : mode === 'viewer' ? (
        <TextViewer store={store} />
      ) : mode === 'form' ? (
        <FormView store={store} />
      ) : mode === 'routes' ? (
        <RouteEditorView store={store} />
      ) : (
        <>
          <TableView store={store} pageRows={pageRows} />
          <DetailPane store={store} pageRows={pageRows} />
        </>
      )}
      <BottomLines store={store} />
    </Box>
  );
}
