import type { KeyBinding, KeyContext } from './key-bindings.js';
import { flash } from './store.js';

/**
 * Keys of the write actions (src/actions). Those whose action engine is not there yet say so on the flash line
 * instead of silently doing nothing.
 */
function notAvailable(what: string): (ctx: KeyContext) => void {
  return (ctx) => flash(ctx.store, `${what}: not available yet (the actions engine does not offer it yet)`, 'error');
}

export const actionBindings: readonly KeyBinding[] = [
  { key: 'o', description: 'overlay↔underlay', writes: true, views: ['subnet'], hint: true, action: notAvailable('switch overlay/underlay') },
  { key: 'w', description: 'gateway', writes: true, views: ['subnet'], action: notAvailable('gateway editor') },
  { key: 'r', description: 'routes', writes: true, views: ['vpc'], action: notAvailable('VPC route editor') },
  { key: 'c', description: 'create', writes: true, views: ['subnet', 'vpc'], action: notAvailable('create') },
  { key: 'D', description: 'delete', writes: true, dangerous: true, views: ['subnet', 'vpc'], action: notAvailable('delete') },
];
