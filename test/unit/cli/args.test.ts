import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, flagValue } from '../../../src/cli/args.js';
import { UsageError } from '../../../src/cli/command.js';

describe('parseArgs', () => {
  it('reads value flags in both forms, bool flags and positionals', () => {
    const a = parseArgs(['get', '--state-dir', '/tmp/x', '-o=yaml', '--json', 'subnet'], ['state-dir', 'o'], ['json']);
    assert.equal(flagValue(a, 'state-dir'), '/tmp/x');
    assert.equal(flagValue(a, 'o'), 'yaml');
    assert.equal(a.flags.get('json'), true);
    assert.deepEqual(a.positionals, ['get', 'subnet']);
  });
  it('keeps everything after -- as the rest', () => {
    const a = parseArgs(['default/pod', '--', 'ping', '-c', '1'], []);
    assert.deepEqual(a.positionals, ['default/pod']);
    assert.deepEqual(a.rest, ['ping', '-c', '1']);
  });
  it('names an unknown flag and a flag missing its value', () => {
    assert.throws(() => parseArgs(['--nope'], []), (e) => e instanceof UsageError && /--nope/.test(e.message));
    assert.throws(() => parseArgs(['--state-dir'], ['state-dir']), /--state-dir needs a value/);
  });
});
