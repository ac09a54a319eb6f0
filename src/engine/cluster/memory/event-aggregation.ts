import { randomBytes } from 'node:crypto';
import type { EventRecord, KubeObject } from '../types.js';

/** Events about cluster-scoped objects live in `default`, as the API server's event recorder puts them. */
export function eventNamespace(event: EventRecord): string {
  return event.involved.namespace ?? 'default';
}

/** Repeats of the same event (same object, type, reason, message, source) aggregate into one with a count. */
export function aggregationKey(event: EventRecord): string {
  const i = event.involved;
  return [eventNamespace(event), i.kind, i.name, i.uid ?? '', event.type, event.reason, event.message, event.source].join('\u0000');
}

/** The same key, read back from a stored core v1 Event (to resume aggregation after a restart). */
export function aggregationKeyOfStored(obj: KubeObject): string {
  const i = (obj.involvedObject ?? {}) as { kind?: string; name?: string; uid?: string };
  const source = (obj.source ?? {}) as { component?: string };
  return [obj.metadata.namespace ?? '', i.kind ?? '', i.name ?? '', i.uid ?? '', obj.type, obj.reason, obj.message, source.component ?? ''].join('\u0000');
}

/** A new core v1 Event object for a first occurrence. */
export function newEventObject(event: EventRecord, timestamp: string): KubeObject {
  const i = event.involved;
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${i.name}.${randomBytes(8).toString('hex')}`, namespace: eventNamespace(event) },
    involvedObject: { kind: i.kind, name: i.name, ...(i.namespace ? { namespace: i.namespace } : {}), ...(i.uid ? { uid: i.uid } : {}) },
    type: event.type,
    reason: event.reason,
    message: event.message,
    source: { component: event.source },
    reportingComponent: event.source,
    count: 1,
    firstTimestamp: timestamp,
    lastTimestamp: timestamp,
  };
}
