import { render } from 'ink';
import type { KubeObject } from '../engine/cluster/types.js';
import { enterAlternateScreen } from './alternate-screen.js';
import { App } from './components/App.js';
import { editObject } from './edit-object.js';
import type { TuiSession } from './session.js';
import { flash } from './store.js';

/** Waits until the user quits or asks to edit an object. */
function nextExit(session: TuiSession): Promise<KubeObject | undefined> {
  return new Promise((resolve) => {
    const check = () => {
      const s = session.store.getState();
      if (s.quit || s.editRequest) {
        unsubscribe();
        resolve(s.quit ? undefined : s.editRequest);
      }
    };
    const unsubscribe = session.store.subscribe(check);
    check();
  });
}

/**
 * Runs the UI full screen on the real terminal until `:q` or Ctrl-C. For `e` it unmounts, leaves the alternate
 * screen, runs the editor, and renders again from the same store.
 */
export async function runTerminal(session: TuiSession): Promise<void> {
  const { store } = session;
  const stdout = process.stdout;
  const syncSize = () => store.setState({ size: { columns: stdout.columns || 80, rows: stdout.rows || 24 } });
  syncSize();
  stdout.on('resize', syncSize);
  try {
    for (;;) {
      const leave = enterAlternateScreen(stdout);
      let edit: KubeObject | undefined;
      try {
        // Incremental rendering stays off: Ink 6.8's incremental log-update returns to the top of the previous
        // frame with cursorUp(lines - 1), which is one line short when that frame ended in '\n' — and every
        // frame shorter than the terminal does (Ink appends it) — so each frame lands a line lower and leaves a
        // stale line on top. The one way to drop the '\n' is a root as tall as the terminal, and then Ink 6.8
        // clears the whole terminal on every frame (lastOutputHeight >= rows), which costs more than it saves.
        // Not fixable from here without patching Ink; KOVN_TUI_INCREMENTAL=1 turns it on to compare.
        const incrementalRendering = process.env.KOVN_TUI_INCREMENTAL === '1';
        const instance = render(<App store={store} />, { exitOnCtrlC: false, patchConsole: false, incrementalRendering });
        // A render error ends Ink by itself: waitUntilExit() rejects with it, and it is reported once the screen
        // is restored, instead of waiting forever for a :q that cannot come.
        const ended = instance.waitUntilExit().then(() => ({ ended: true as const }));
        const next = await Promise.race([nextExit(session).then((object) => ({ ended: false as const, object })), ended]);
        if (next.ended) return;
        edit = next.object;
        instance.unmount();
        await ended;
      } finally {
        leave();
      }
      if (!edit) return;
      store.setState({ editRequest: undefined });
      const result = await editObject(session.cluster, edit);
      flash(store, result.text, result.level);
    }
  } finally {
    stdout.off('resize', syncSize);
  }
}
