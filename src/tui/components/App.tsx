import { useMemo } from 'react';
import { Box, useInput } from 'ink';
import { useStore } from 'zustand';
import { dispatchKey } from '../dispatch-key.js';
import { keyPress } from '../key-name.js';
import { rootHeight } from '../layout.js';
import { createPageRowsSelector } from '../page-rows.js';
import type { TuiStore } from '../store.js';
import { Breadcrumbs } from './Breadcrumbs.js';
import { DetailPane } from './DetailPane.js';
import { BottomLines } from './BottomLines.js';
import { Header } from './Header.js';
import { HelpView } from './HelpView.js';
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
  useInput((input, key) => dispatchKey(store, keyPress(input, key), (st) => pageRows(st.getState())));
  return (
    <Box flexDirection="column" height={height} width={width}>
      <Header store={store} />
      <Breadcrumbs store={store} />
      {mode === 'help' ? (
        <HelpView store={store} />
      ) : mode === 'viewer' ? (
        <TextViewer store={store} />
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
