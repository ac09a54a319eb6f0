import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../api-error.js';
import { parseLabelSelector } from '../label-selector.js';
import { parseFieldSelector } from '../memory/field-selector.js';
import type { KindInfo, WatchEvent } from '../types.js';
import { isTrue, selectors, type HandlerContext, type ResourceRequest } from './request-context.js';
import { toTable, wantsTable } from './table-response.js';

/** A watch stream the server keeps track of, so tests can cut it. */
export interface OpenWatch {
  end(): void;
  destroy(): void;
}

/**
 * A watch as the API server streams it: one JSON event per line over a chunked 200 response. An expired
 * resourceVersion arrives as an ERROR event carrying a 410 Status, as client libraries expect.
 */
export async function watch(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse, url: URL, r: ResourceRequest): Promise<void> {
  const asTable = wantsTable(req.headers.accept);
  // Bad selectors fail the request (400) before the stream starts, as on the API server.
  parseLabelSelector(url.searchParams.get('labelSelector') ?? undefined);
  parseFieldSelector(url.searchParams.get('fieldSelector') ?? undefined);
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache' });
  res.flushHeaders();
  const write = (event: { type: string; object: unknown }) => {
    if (!res.writableEnded) res.write(`${JSON.stringify(event)}\n`);
  };
  const toWire = (event: WatchEvent) => ({
    type: event.type,
    object: asTable ? toTable(r.info, [event.object], event.object.metadata.resourceVersion ?? '') : event.object,
  });
  const open: OpenWatch = { end: () => res.end(), destroy: () => res.destroy() };
  let timer: NodeJS.Timeout | undefined;
  let stop = () => {};
  const finish = () => {
    clearTimeout(timer);
    stop();
    ctx.openWatches.delete(open);
  };
  res.on('close', finish);
  const initialEventsEnd = isTrue(url.searchParams.get('sendInitialEvents'));
  const bookmarkAt = (rv: string) => write({ type: 'BOOKMARK', object: bookmarkObject(r.info, rv, initialEventsEnd) });
  try {
    const handle = await ctx.store.watch(
      r.info.kind,
      { ...selectors(url, r), resourceVersion: initialEventsEnd ? undefined : (url.searchParams.get('resourceVersion') ?? undefined) },
      (event) => write(toWire(event)),
      (err) => {
        write({ type: 'ERROR', object: new ApiError(500, 'InternalError', err.message).toStatus() });
        res.end();
      },
      initialEventsEnd ? bookmarkAt : undefined,
    );
    stop = () => handle.stop();
  } catch (err) {
    const status = err instanceof ApiError ? err : new ApiError(500, 'InternalError', String(err));
    write({ type: 'ERROR', object: status.toStatus() });
    res.end();
    return;
  }
  if (res.writableEnded) return finish();
  ctx.openWatches.add(open);
  const timeout = Number(url.searchParams.get('timeoutSeconds') ?? '0');
  if (timeout > 0) timer = setTimeout(() => res.end(), timeout * 1000);
}

function bookmarkObject(info: KindInfo, rv: string, initialEventsEnd: boolean): Record<string, unknown> {
  const apiVersion = info.group ? `${info.group}/${info.version}` : info.version;
  const annotations = initialEventsEnd ? { 'k8s.io/initial-events-end': 'true' } : {};
  return { kind: info.kind, apiVersion, metadata: { resourceVersion: rv, annotations } };
}
