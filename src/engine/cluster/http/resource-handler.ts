import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../api-error.js';
import { notFound } from '../memory/api-errors.js';
import { pruneObject } from '../schema/validate.js';
import type { KindInfo, KubeObject } from '../types.js';
import { readJsonBody, sendJson } from './http-io.js';
import { patchFunction } from './patch-body.js';
import { toTable, wantsTable } from './table-response.js';
import { isTrue, selectors, type HandlerContext, type ResourceRequest } from './request-context.js';
import { watch } from './watch-stream.js';
import { unknownFields } from './unknown-fields.js';

/** Serves one request for a resource path: list, watch, get, create, update, patch, delete, `/status`. */
export async function handleResource(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse, url: URL, r: ResourceRequest): Promise<void> {
  if (r.subresource && r.subresource !== 'status') throw new ApiError(404, 'NotFound', `the subresource "${r.subresource}" is not served`);
  if (r.subresource === 'status' && !r.info.hasStatus) throw new ApiError(404, 'NotFound', `${r.info.plural} have no status subresource`);
  const method = req.method ?? 'GET';
  if (!r.name) {
    if (method === 'GET' && isTrue(url.searchParams.get('watch'))) return watch(ctx, req, res, url, r);
    if (method === 'GET') return list(ctx, req, res, url, r);
    if (method === 'POST') return create(ctx, req, res, url, r);
    if (method === 'DELETE') return deleteCollection(ctx, res, url, r);
  } else {
    if (method === 'GET') return get(ctx, req, res, r, r.name);
    if (method === 'PUT') return replace(ctx, req, res, url, r, r.name);
    if (method === 'PATCH') return patch(ctx, req, res, url, r, r.name);
    if (method === 'DELETE') return remove(ctx, req, res, url, r, r.name);
  }
  throw new ApiError(405, 'MethodNotAllowed', `the method ${method} is not allowed on ${url.pathname}`);
}

async function list(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse, url: URL, r: ResourceRequest): Promise<void> {
  const result = await ctx.store.list(r.info.kind, selectors(url, r));
  if (wantsTable(req.headers.accept)) return sendJson(res, 200, toTable(r.info, result.items, result.resourceVersion));
  const apiVersion = r.info.group ? `${r.info.group}/${r.info.version}` : r.info.version;
  sendJson(res, 200, { kind: `${r.info.kind}List`, apiVersion, metadata: { resourceVersion: result.resourceVersion }, items: result.items });
}

async function get(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse, r: ResourceRequest, name: string): Promise<void> {
  const obj = await ctx.store.get(r.info.kind, name, r.namespace);
  if (!obj) throw notFound(r.info, name);
  if (wantsTable(req.headers.accept)) return sendJson(res, 200, toTable(r.info, [obj], obj.metadata.resourceVersion ?? ''));
  sendJson(res, 200, obj);
}

async function objectBody(req: IncomingMessage, r: ResourceRequest, url: URL): Promise<{ obj: KubeObject; warnings: string[] }> {
  const body = await readJsonBody(req);
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ApiError(400, 'BadRequest', 'the request body must be a JSON object');
  const obj = body as KubeObject;
  obj.metadata ??= { name: '' };
  if (r.namespace && r.info.namespaced) {
    if (obj.metadata.namespace && obj.metadata.namespace !== r.namespace) {
      throw new ApiError(400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
    }
    obj.metadata.namespace = r.namespace;
  }
  return { obj, warnings: checkFields(obj, url) };
}

/**
 * `fieldValidation=Strict` (kubectl's default) rejects fields the schema does not declare; `Warn` reports them
 * in Warning headers; `Ignore` drops them silently. The store prunes them in every case.
 */
function checkFields(obj: KubeObject, url: URL): string[] {
  const mode = url.searchParams.get('fieldValidation') ?? 'Warn';
  if (mode === 'Ignore' || typeof obj.kind !== 'string') return [];
  const unknown = unknownFields(obj, pruneObject(obj));
  if (!unknown.length) return [];
  const messages = unknown.map((f) => `unknown field "${f}"`);
  if (mode === 'Strict') throw new ApiError(400, 'BadRequest', `strict decoding error: ${messages.join(', ')}`);
  return messages;
}

function warningHeaders(warnings: string[]): Record<string, string> {
  return warnings.length ? { Warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(', ') } : {};
}

function dryRun(url: URL): boolean {
  return url.searchParams.getAll('dryRun').includes('All');
}

async function create(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse, url: URL, r: ResourceRequest): Promise<void> {
  const { obj, warnings } = await objectBody(req, r, url);
  checkKind(obj, r.info);
  const created = dryRun(url) ? ctx.store.dryRunCreate(obj) : await ctx.store.create(obj);
  sendJson(res, 201, created, warningHeaders(warnings));
}

function checkKind(obj: KubeObject, info: KindInfo): void {
  const apiVersion = info.group ? `${info.group}/${info.version}` : info.version;
  if (obj.kind !== info.kind || obj.apiVersion !== apiVersion) {
    throw new ApiError(400, 'BadRequest', `the object is ${obj.apiVersion}/${obj.kind} but the request is for ${apiVersion}/${info.kind}`);
  }
}

async function replace(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse, url: URL, r: ResourceRequest, name: string): Promise<void> {
  const { obj, warnings } = await objectBody(req, r, url);
  checkKind(obj, r.info);
  if (obj.metadata.name !== name) throw new ApiError(400, 'BadRequest', `the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
  const updated = await ctx.store.replace(obj, r.subresource === 'status' ? 'status' : 'main', { dryRun: dryRun(url) });
  sendJson(res, 200, updated, warningHeaders(warnings));
}

async function patch(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse, url: URL, r: ResourceRequest, name: string): Promise<void> {
  const change = patchFunction(req.headers['content-type'], await readJsonBody(req));
  let warnings: string[] = [];
  const patched = await ctx.store.modify(
    r.info.kind,
    name,
    r.namespace,
    (current) => {
      const next = change(current);
      warnings = checkFields(next, url);
      return next;
    },
    r.subresource === 'status' ? 'status' : 'main',
    { dryRun: dryRun(url) },
  );
  sendJson(res, 200, patched, warningHeaders(warnings));
}

async function remove(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse, url: URL, r: ResourceRequest, name: string): Promise<void> {
  const options = ((await readJsonBody(req)) ?? {}) as { preconditions?: { uid?: string; resourceVersion?: string }; dryRun?: string[] };
  const current = await ctx.store.get(r.info.kind, name, r.namespace);
  if (!current) throw notFound(r.info, name);
  const pre = options.preconditions ?? {};
  if ((pre.uid && pre.uid !== current.metadata.uid) || (pre.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion)) {
    throw new ApiError(409, 'Conflict', `Precondition failed for ${r.info.plural} "${name}": the object's uid or resourceVersion changed`);
  }
  // kubectl sends dry run of a delete in the DeleteOptions body, other clients in the query.
  const dry = dryRun(url) || (Array.isArray(options.dryRun) && options.dryRun.includes('All'));
  const { object } = await ctx.store.deleteAndReturn(r.info.kind, name, r.namespace, { dryRun: dry });
  sendJson(res, 200, object);
}

async function deleteCollection(ctx: HandlerContext, res: ServerResponse, url: URL, r: ResourceRequest): Promise<void> {
  if (dryRun(url)) throw new ApiError(400, 'BadRequest', 'dry run of a collection delete is not supported');
  const { items } = await ctx.store.list(r.info.kind, selectors(url, r));
  for (const obj of items) await ctx.store.delete(r.info.kind, obj.metadata.name, obj.metadata.namespace).catch(() => undefined);
  const apiVersion = r.info.group ? `${r.info.group}/${r.info.version}` : r.info.version;
  sendJson(res, 200, { kind: `${r.info.kind}List`, apiVersion, metadata: {}, items });
}
