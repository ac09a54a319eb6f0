// Keys that arrive in one input event (typed fast, pasted, or sent by tmux in one write) are each dispatched.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, render } from 'ink-testing-library';
import { App } from '../../src/tui/components/App.js';
import { keyPresses } from '../../src/tui/key-name.js';
import { createTuiStore } from '../../src/tui/store.js';
import { waitForFrame } from '../support/ink.js';
import { loadStore } from './fixtures.js';

const noKey = { upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false };

after(() => cleanup());

describe('key bursts', () => {
  it('splits a burst into one press per character, naming Enter, Tab and Backspace', () => {
    assert.deepEqual(
      keyPresses(':ab\r\t\u007F', noKey).map((p) => p.name),
      [':', 'a', 'b', 'enter', 'tab', 'backspace'],
    );
    assert.deepEqual(keyPresses('j', noKey), [{ name: 'j', text: 'j' }]);
    assert.deepEqual(keyPresses('\r', { ...noKey, return: true }), [{ name: 'enter' }]);
  });

  it('opens a view from ":node\\r" written in one go', async () => {
    const store = createTuiStore({ columns: 100, rows: 24, color: false });
    loadStore(store);
    const app = render(<App store={store} />);
    await waitForFrame(app, (f) => f.includes('ovn-default'));
    app.stdin.write(':node\r');
    await waitForFrame(app, (f) => f.includes('Nodes [2]'));
    app.stdin.write(':subnet\r');
    const frame = await waitForFrame(app, (f) => f.includes('Subnets [4]'));
    assert.match(frame, /ovn-default/);
    assert.equal(store.getState().mode, 'normal');
    app.unmount();
  });

  it('moves the cursor once per key of a burst', async () => {
    const store = createTuiStore({ columns: 100, rows: 24, color: false });
    loadStore(store);
    const app = render(<App store={store} />);
    await waitForFrame(app, (f) => f.includes('ovn-default'));
    app.stdin.write('jj');
    await waitForFrame(app, () => store.getState().pages[0].cursor === 2);
    app.unmount();
  });
});
