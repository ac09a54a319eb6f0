import { request, type RequestOptions } from 'node:https';
import { request as plainRequest } from 'node:http';
import { ApiError, type ApiErrorReason } from '../api-error.js';
import { builtinKinds } from '../kinds/registry.js';
import type {
  ClusterApi,
  EventRecord,
  KindInfo,
  KubeObject,
  ListOptions,
  MergePatch,
  ObjectList,
  WatchEvent,
  WatchHandle,
  WatchOptions,
} from '../types.js';
import type { KubeconfigTarget } from './kubeconfig.js';

interface Response {
  status: number;
  body: unknown;
}

/**
 * A small `ClusterApi` over HTTP for kovn's own endpoint (and any API server reachable with a bearer token):
 * what the CLI verbs use against a lab's state directory or a kubeconfig. Kinds come from the kinds registry.
 */
export class HttpClusterClient implements ClusterApi {
  private readonly base: URL;

  constructor(
    private readonly target: KubeconfigTarget,
    private readonly servedKinds: readonly KindInfo[] = builtinKinds,
  ) {
    this.base = new URL(target.server);
  }

  kinds(): readonly KindInfo[] {
    return this.servedKinds;
  }

  private kind(name: string): KindInfo {
    const lower = name.toLowerCase();
    const info = this.servedKinds.find((k) => k.kind === name) ?? this.servedKinds.find((k) => [k.kind.toLowerCase(), k.plural, ...(k.shortNames ?? [])].includes(lower));
    if (!info) throw new ApiError(404, 'NotFound', `the server doesn't have a resource type "${name}"`);
    return info;
  }

  private path(info: KindInfo, namespace: string | undefined, name?: string, sub?: string): string {
    const prefix = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
    const ns = info.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
    return `${prefix}${ns}/${info.plural}${name ? `/${encodeURIComponent(name)}` : ''}${sub ? `/${sub}` : ''}`;
  }

  private options(method: string, path: string, contentType?: string, contentLength?: number): RequestOptions {
    return {
      method,
      hostname: this.base.hostname.replace(/^\[|\]$/g, ''),
      port: this.base.port,
      path,
      headers: {
        Accept: 'application/json',
        ...(this.target.token ? { Authorization: `Bearer ${this.target.token}` } : {}),
        ...(contentType ? { 'Content-Type': contentType } : {}),
        ...(contentLength !== undefined ? { 'Content-Length': String(contentLength) } : {}),
      },
      ...(this.target.caCertificate ? { ca: this.target.caCertificate } : {}),
      rejectUnauthorized: !this.target.insecureSkipTlsVerify,
    };
  }

  private send(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<Response> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const opts = this.options(method, path, payload ? contentType : undefined, payload ? Buffer.byteLength(payload) : undefined);
    const send = this.base.protocol === 'http:' ? plainRequest : request;
    return new Promise((resolve, reject) => {
      const req = send(opts, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // Not JSON (a proxy's error page): keep the text for the message.
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
        res.on('error', reject);
      });
      req.on('error', (err) => reject(new ApiError(503, 'ServiceUnavailable', `cannot reach ${this.target.server}: ${err.message}`)));
      if (payload) req.write(payload);
      req.end();
    });
  }

  private async call(method: string, path: string, body?: unknown, contentType?: string): Promise<unknown> {
    const res = await this.send(method, path, body, contentType);
    if (res.status >= 200 && res.status < 300) return res.body;
    throw errorFromResponse(res);
  }

  async get<T extends KubeObject = KubeObject>(kind: string, name: string, namespace?: string): Promise<T | undefined> {
    const info = this.kind(kind);
    const res = await this.send('GET', this.path(info, namespace ?? (info.namespaced ? this.target.namespace : undefined), name));
    if (res.status === 404) return undefined;
    if (res.status >= 300) throw errorFromResponse(res);
    return res.body as T;
  }

  async list<T extends KubeObject = KubeObject>(kind: string, options: ListOptions = {}): Promise<ObjectList<T>> {
    const info = this.kind(kind);
    const query = new URLSearchParams();
    if (options.labelSelector) query.set('labelSelector', options.labelSelector);
    if (options.fieldSelector) query.set('fieldSelector', options.fieldSelector);
    const q = query.toString();
    const body = (await this.call('GET', `${this.path(info, options.namespace)}${q ? `?${q}` : ''}`)) as { items: T[]; metadata: { resourceVersion: string } };
    return { items: body.items.map((o) => withKind(o, info)), resourceVersion: body.metadata.resourceVersion };
  }

  async watch<T extends KubeObject = KubeObject>(
    kind: string,
    options: WatchOptions,
    onEvent: (event: WatchEvent<T>) => void,
    onClosed?: (err: Error) => void,
  ): Promise<WatchHandle> {
    const info = this.kind(kind);
    const query = new URLSearchParams({ watch: 'true' });
    if (options.labelSelector) query.set('labelSelector', options.labelSelector);
    if (options.fieldSelector) query.set('fieldSelector', options.fieldSelector);
    if (options.resourceVersion) query.set('resourceVersion', options.resourceVersion);
    const send = this.base.protocol === 'http:' ? plainRequest : request;
    let stopped = false;
    const closeOnce = (err: Error) => {
      if (!stopped) {
        stopped = true;
        onClosed?.(err);
      }
    };
    // Resolves once the server has accepted the watch; a refusal (403, 503 …) rejects instead of calling onClosed.
    return new Promise<WatchHandle>((resolve, reject) => {
      const req = send(this.options('GET', `${this.path(info, options.namespace)}?${query}`), (res) => {
        const status = res.statusCode ?? 0;
        if (status !== 200) {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let body: unknown = text;
            try {
              body = JSON.parse(text);
            } catch {
              // Keep the text for the message.
            }
            reject(errorFromResponse({ status, body }));
          });
          return;
        }
        resolve(handle);
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let nl: number;
          while ((nl = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, nl).trim();
            buffer = buffer.slice(nl + 1);
            if (!line || stopped) continue;
            const event = JSON.parse(line) as { type: string; object: KubeObject };
            if (event.type === 'ERROR') closeOnce(errorFromResponse({ status: Number((event.object as { code?: number }).code ?? 500), body: event.object }));
            else if (event.type !== 'BOOKMARK') onEvent(event as WatchEvent<T>);
          }
        });
        res.on('end', () => closeOnce(new Error('the watch ended')));
        res.on('error', (err) => closeOnce(err));
      });
      const handle: WatchHandle = {
        stop: () => {
          stopped = true;
          req.destroy();
        },
      };
      req.on('error', (err) => {
        reject(new ApiError(503, 'ServiceUnavailable', `cannot reach ${this.target.server}: ${err.message}`));
        closeOnce(err);
      });
      req.end();
    });
  }

  async create<T extends KubeObject>(object: T): Promise<T> {
    const info = this.kindOf(object);
    return (await this.call('POST', `${this.path(info, this.namespaceOf(info, object))}?fieldValidation=Strict`, object)) as T;
  }

  async update<T extends KubeObject>(object: T): Promise<T> {
    const info = this.kindOf(object);
    return (await this.call('PUT', `${this.path(info, this.namespaceOf(info, object), object.metadata.name)}?fieldValidation=Strict`, object)) as T;
  }

  async updateStatus<T extends KubeObject>(object: T): Promise<T> {
    const info = this.kindOf(object);
    return (await this.call('PUT', this.path(info, this.namespaceOf(info, object), object.metadata.name, 'status'), object)) as T;
  }

  async patch<T extends KubeObject = KubeObject>(kind: string, name: string, patch: MergePatch, namespace?: string): Promise<T> {
    const info = this.kind(kind);
    return (await this.call('PATCH', `${this.path(info, namespace ?? this.target.namespace, name)}?fieldValidation=Strict`, patch, 'application/merge-patch+json')) as T;
  }

  async delete(kind: string, name: string, namespace?: string): Promise<void> {
    const info = this.kind(kind);
    await this.call('DELETE', this.path(info, namespace ?? this.target.namespace, name), { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' });
  }

  async recordEvent(event: EventRecord): Promise<void> {
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const namespace = event.involved.namespace ?? 'default';
    await this.create({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: '', generateName: `${event.involved.name}.`, namespace },
      involvedObject: event.involved,
      type: event.type,
      reason: event.reason,
      message: event.message,
      source: { component: event.source },
      count: 1,
      firstTimestamp: now,
      lastTimestamp: now,
    });
  }

  private kindOf(object: KubeObject): KindInfo {
    const info = this.servedKinds.find((k) => k.kind === object.kind && (k.group ? `${k.group}/${k.version}` : k.version) === object.apiVersion);
    if (!info) throw new ApiError(404, 'NotFound', `no matches for kind "${object.kind}" in version "${object.apiVersion}"`);
    return info;
  }

  private namespaceOf(info: KindInfo, object: KubeObject): string | undefined {
    return info.namespaced ? (object.metadata.namespace ?? this.target.namespace) : undefined;
  }
}

/** List items come without apiVersion/kind from a real API server; put them back. */
function withKind<T extends KubeObject>(obj: T, info: KindInfo): T {
  return { ...obj, apiVersion: obj.apiVersion ?? (info.group ? `${info.group}/${info.version}` : info.version), kind: obj.kind ?? info.kind };
}

function errorFromResponse(res: Response): ApiError {
  const status = (typeof res.body === 'object' && res.body ? res.body : {}) as {
    message?: string;
    reason?: ApiErrorReason;
    details?: { causes?: { field: string; reason: string; message: string }[]; kind?: string; name?: string };
  };
  const message = status.message ?? (typeof res.body === 'string' && res.body ? res.body : `HTTP ${res.status}`);
  // The API server leaves a cause's field out of its message; kovn's causes carry it (`spec.id: Invalid value: …`).
  const causes = (status.details?.causes ?? []).map((c) => ({
    ...c,
    message: c.field && !c.message.startsWith(`${c.field}:`) ? `${c.field}: ${c.message}` : c.message,
  }));
  return new ApiError(res.status, status.reason ?? 'InternalError', message, causes, status.details?.kind, status.details?.name);
}
