import type { KubeObject } from '../engine/cluster/types.js';
import { listOf, type RowsInput, type TableRow, type ViewDef } from './view-types.js';

interface EventFields {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  lastTimestamp?: string;
  eventTime?: string;
  involvedObject?: { kind?: string; name?: string; namespace?: string };
  metadata: KubeObject['metadata'];
}

function eventTime(e: EventFields): string {
  return e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? '';
}

export function eventRow(event: KubeObject): TableRow {
  const e = event as unknown as EventFields;
  const inv = e.involvedObject ?? {};
  return {
    key: `${event.metadata.namespace ?? ''}/${event.metadata.name}`,
    object: event,
    cells: [eventTime(e).replace('T', ' ').replace(/\..*|Z$/, ''), e.type ?? '', e.reason ?? '', `${inv.kind ?? ''}/${inv.name ?? ''}`, String(e.count ?? 1), e.message ?? ''],
  };
}

export const eventView: ViewDef = {
  name: 'events',
  title: 'Events',
  aliases: ['event', 'ev'],
  columns: ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'COUNT', 'MESSAGE'],
  kinds: ['Event'],
  reads: ['Event'],
  rows: (input: RowsInput) =>
    listOf<KubeObject>(input, 'Event')
      .sort((a, b) => eventTime(b as unknown as EventFields).localeCompare(eventTime(a as unknown as EventFields)))
      .map(eventRow),
};
