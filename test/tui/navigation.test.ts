import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { completeCommand, historyStep } from '../../src/tui/command-line.js';
import { windowStart } from '../../src/tui/navigation.js';
import { sourcesSummary } from '../../src/tui/components/Header.js';
import { bindingsFor, hintText } from '../../src/tui/key-bindings.js';
import { tableKeymap } from '../../src/tui/table-keymap.js';
import { createTuiStore } from '../../src/tui/store.js';

describe('navigation helpers', () => {
  it('keeps the window while the cursor stays inside it and scrolls by the least amount otherwise', () => {
    assert.equal(windowStart(5, 10, 100, 0), 0);
    assert.equal(windowStart(10, 10, 100, 0), 1);
    assert.equal(windowStart(3, 10, 100, 5), 3);
    assert.equal(windowStart(99, 10, 100, 0), 90);
    assert.equal(windowStart(2, 10, 5, 40), 0, 'a shrunk list pulls the window back');
  });

  it('completes : words to the shortest match and walks the history', () => {
    assert.equal(completeCommand('sub'), 'subnet');
    assert.equal(completeCommand('ev'), 'ev');
    assert.equal(completeCommand('zzz'), 'zzz');
    assert.equal(historyStep(['vpc', 'node'], '', -1), 'node');
    assert.equal(historyStep(['vpc', 'node'], 'node', -1), 'vpc');
    assert.equal(historyStep(['vpc', 'node'], 'node', 1), '');
  });

  it('summarises sources: all ready, or each one that is not with the first failure\'s reason', () => {
    assert.equal(sourcesSummary({ A: { phase: 'ready', message: '' } }), 'sources: all 1 ready');
    assert.equal(
      sourcesSummary({ A: { phase: 'ready', message: '' }, B: { phase: 'syncing', message: '' }, C: { phase: 'forbidden', message: 'pods is forbidden' } }),
      'sources: B syncing, C forbidden — pods is forbidden',
    );
  });

  it('generates hints from the key table, without writing keys in read-only mode', () => {
    assert.match(hintText(bindingsFor(tableKeymap, 'subnet', false)), /<e> edit {2}<o> overlay↔underlay/);
    assert.doesNotMatch(hintText(bindingsFor(tableKeymap, 'subnet', true)), /<e>|<o>/);
    assert.ok(bindingsFor(tableKeymap, 'subnet', true).every((b) => !b.writes));
  });
});

describe('colours', () => {
  it('turns colours off when NO_COLOR is set', () => {
    const saved = process.env.NO_COLOR;
    try {
      process.env.NO_COLOR = '1';
      assert.equal(createTuiStore().getState().color, false);
      delete process.env.NO_COLOR;
      assert.equal(createTuiStore().getState().color, true);
    } finally {
      if (saved === undefined) delete process.env.NO_COLOR;
      else process.env.NO_COLOR = saved;
    }
  });
});
