import { randomBytes } from 'node:crypto';
import { Watch, type KubeConfig } from '@kubernetes/client-node';
import { ApiError, isApiError } from '../api-error.js';
import { apiVersionOf, builtinKinds, kindInfo } from '../kinds/registry.js';
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
import { contextNamespace, loadKubeConfig, type KubeConnection } from './kube-config.js';
import { apiErrorFromStatus, toApiError } from './kube-errors.js';
import { kubeRequest, releaseConnections } from './kube-request.js';
import { collectionPath, objectPath, withQuery } from './resource-paths.js';

/** Thrown to `onClosed` when the server ends a watch normally (its timeout); the caller watches again. */
export class WatchEndedError extends Error {
  override readonly name = 'WatchEndedError';
}

interface KubeList {
  metadata?: { resourceVersion?: string; continue?: string };
  items?: KubeObject[];
}

export interface KubeClusterOptions {
  /**
   * The server ends each watch after this long (`timeoutSeconds`) and the caller watches again; default a random
   * 300–600 s, as client-go spreads them.
   */
  readonly watchTimeoutSeconds?: number;
  /**
   * A watch still open this long after its timeout is presumed dead (a silent half-open connection) and ended with
   * Timeout (504), so a lost cluster shows as disconnected instead of hanging (default 30 s).
   */
  readonly watchGraceMs?: number;
  /**
   * Sent as `fieldValidation` on create, update and patch. `Strict` (what kubectl sends) rejects unknown or
   * duplicate fields instead of silently dropping them; default: the server's default.
   */
  readonly fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
}

/** Events of the same object, reason and message within this window bump one Event's count. */
const EVENT_AGGREGATION_MS = 10 * 60 * 1000;

/**
 * ClusterApi on a real Kubernetes API server, through @kubernetes/client-node's KubeConfig (auth, TLS) and Watch.
 * Errors are kovn ApiErrors carrying the server's Status (code, reason, message, field causes); an unreachable
 * server is ServiceUnavailable (503).
 */
export class KubeCluster implements ClusterApi {
  private readonly defaultNamespace: string;
  private readonly recentEvents = new Map<string, { name: string; namespace: string; count: number; at: number }>();

  constructor(
    readonly kubeConfig: KubeConfig,
    private readonly served: readonly KindInfo[] = builtinKinds,
    private readonly options: KubeClusterOptions = {},
  ) {
    this.defaultNamespace = contextNamespace(kubeConfig);
  }

  /** The server URL of the current context, for messages and the TUI header. */
  get server(): string {
    return this.kubeConfig.getCurrentCluster()?.server ?? '';
  }

  get contextName(): string {
    return this.kubeConfig.getCurrentContext();
  }

  kinds(): readonly KindInfo[] {
    return this.served;
  }

  /** Closes kept-alive connections; the object stays usable (new calls open new ones). */
  close(): void {
    releaseConnections(this.kubeConfig);
  }

  /**
   * Which of this adapter's kinds the server actually serves (discovery), so the TUI can say "kovn's CRDs are not
   * installed" instead of showing empty tables. Other failures (403, unreachable) are thrown.
   */
  async discoverKinds(): Promise<{ served: KindInfo[]; missing: KindInfo[] }> {
    const byGroupVersion = new Map<string, KindInfo[]>();
    for (const info of this.served) {
      const gv = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
      byGroupVersion.set(gv, [...(byGroupVersion.get(gv) ?? []), info]);
    }
    const served: KindInfo[] = [];
    const missing: KindInfo[] = [];
    await Promise.all(
      [...byGroupVersion].map(async ([path, kinds]) => {
        let resources: Set<string>;
        try {
          const list = await kubeRequest<{ resources?: { name: string }[] }>(this.kubeConfig, 'GET', path);
          resources = new Set((list.resources ?? []).map((r) => r.name));
        } catch (err) {
          if (!isApiError(err, 'NotFound')) throw err;
          resources = new Set();
        }
        for (const info of kinds) (resources.has(info.plural) ? served : missing).push(info);
      }),
    );
    const order = (list: KindInfo[]): KindInfo[] => this.served.filter((k) => list.includes(k));
    return { served: order(served), missing: order(missing) };
  }

  async get<T extends KubeObject = KubeObject>(kind: string, name: string, namespace?: string): Promise<T | undefined> {
    const info = this.info(kind);
    try {
      return this.withType(info, await kubeRequest<T>(this.kubeConfig, 'GET', objectPath(info, name, this.namespaceOf(info, namespace))));
    } catch (err) {
      if (isApiError(err, 'NotFound')) return undefined;
      throw err;
    }
  }

  async list<T extends KubeObject = KubeObject>(kind: string, options: ListOptions = {}): Promise<ObjectList<T>> {
    const info = this.info(kind);
    const items: T[] = [];
    let resourceVersion = '';
    let continueToken: string | undefined;
    do {
      const path = withQuery(collectionPath(info, options.namespace), {
        labelSelector: options.labelSelector,
        fieldSelector: options.fieldSelector,
        limit: '500',
        continue: continueToken,
      });
      const page = await kubeRequest<KubeList>(this.kubeConfig, 'GET', path);
      // Items of a list carry no apiVersion/kind on a real server.
      for (const item of page.items ?? []) items.push(this.withType(info, item as T));
      resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
      continueToken = page.metadata?.continue || undefined;
    } while (continueToken);
    return { items, resourceVersion };
  }

  async watch<T extends KubeObject = KubeObject>(
    kind: string,
    options: WatchOptions,
    onEvent: (event: WatchEvent<T>) => void,
    onClosed?: (err: Error) => void,
  ): Promise<WatchHandle> {
    const info = this.info(kind);
    const path = collectionPath(info, options.namespace);
    let started = false;
    let finished = false;
    let startError: ApiError | undefined;
    // Set once the request is streaming; before that, client-node's Watch aborts its own request on failure.
    const stream: { controller?: AbortController; watchdog?: NodeJS.Timeout } = {};
    const timeoutSeconds = this.options.watchTimeoutSeconds ?? 300 + Math.floor(Math.random() * 300);
    const finish = (err: Error): void => {
      if (finished) return;
      finished = true;
      clearTimeout(stream.watchdog);
      stream.controller?.abort();
      if (!started) startError = toApiError(err, `watch ${path}`);
      else onClosed?.(err);
    };
    const watcher = new Watch(this.kubeConfig);
    stream.controller = await watcher.watch(
      path,
      {
        resourceVersion: options.resourceVersion,
        labelSelector: options.labelSelector || undefined,
        fieldSelector: options.fieldSelector || undefined,
        timeoutSeconds,
      },
      (type: string, object: unknown) => {
        if (finished) return;
        if (type === 'ERROR') return finish(apiErrorFromStatus((object as { code?: number })?.code ?? 500, object));
        if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') onEvent({ type, object: this.withType(info, object as T) });
      },
      (err: unknown) => {
        if (err) finish(toApiError(err, `watch ${path}`));
        else finish(new WatchEndedError(`the server ended the watch of ${info.plural}`));
      },
    );
    if (startError) throw startError;
    started = true;
    const graceMs = this.options.watchGraceMs ?? 30_000;
    const presumedDead = `the watch of ${info.plural} outlived its ${timeoutSeconds}s timeout by ${graceMs} ms: the connection is presumed dead`;
    stream.watchdog = setTimeout(() => finish(new ApiError(504, 'Timeout', presumedDead)), timeoutSeconds * 1000 + graceMs);
    stream.watchdog.unref();
    return {
      stop: () => {
        clearTimeout(stream.watchdog);
        finished = true;
        stream.controller?.abort();
      },
    };
  }

  async create<T extends KubeObject>(object: T): Promise<T> {
    const info = this.infoOf(object);
    const namespace = this.namespaceOf(info, object.metadata.namespace);
    return this.withType(info, await kubeRequest<T>(this.kubeConfig, 'POST', this.writePath(collectionPath(info, namespace)), object));
  }

  async update<T extends KubeObject>(object: T): Promise<T> {
    const info = this.infoOf(object);
    const path = objectPath(info, object.metadata.name, this.namespaceOf(info, object.metadata.namespace));
    return this.withType(info, await kubeRequest<T>(this.kubeConfig, 'PUT', this.writePath(path), object));
  }

  async patch<T extends KubeObject = KubeObject>(kind: string, name: string, patch: MergePatch, namespace?: string): Promise<T> {
    const info = this.info(kind);
    const path = objectPath(info, name, this.namespaceOf(info, namespace));
    return this.withType(info, await kubeRequest<T>(this.kubeConfig, 'PATCH', this.writePath(path), patch, 'application/merge-patch+json'));
  }

  private writePath(path: string): string {
    return this.options.fieldValidation ? `${path}?fieldValidation=${this.options.fieldValidation}` : path;
  }

  /** PUT to the status subresource; kinds without one (IP, Endpoints …) are replaced whole. */
  async updateStatus<T extends KubeObject>(object: T): Promise<T> {
    const info = this.infoOf(object);
    const path = objectPath(info, object.metadata.name, this.namespaceOf(info, object.metadata.namespace));
    return this.withType(info, await kubeRequest<T>(this.kubeConfig, 'PUT', info.hasStatus ? `${path}/status` : path, object));
  }

  async delete(kind: string, name: string, namespace?: string): Promise<void> {
    const info = this.info(kind);
    await kubeRequest(this.kubeConfig, 'DELETE', objectPath(info, name, this.namespaceOf(info, namespace)));
  }

  /** A core v1 Event; repeats within ten minutes bump the count of the first, as client-go's recorder does. */
  async recordEvent(event: EventRecord): Promise<void> {
    const namespace = event.involved.namespace || 'default';
    const key = [event.involved.kind, namespace, event.involved.name, event.type, event.reason, event.message, event.source].join('\0');
    const now = new Date();
    const timestamp = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
    const recent = this.recentEvents.get(key);
    const info = this.info('Event');
    if (recent && now.getTime() - recent.at < EVENT_AGGREGATION_MS) {
      recent.count++;
      recent.at = now.getTime();
      try {
        await this.patch('Event', recent.name, { count: recent.count, lastTimestamp: timestamp }, recent.namespace);
        return;
      } catch (err) {
        if (!isApiError(err, 'NotFound')) throw err;
      }
    }
    const name = `${event.involved.name}.${randomBytes(8).toString('hex')}`;
    const object: KubeObject = {
      apiVersion: apiVersionOf(info),
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: { ...event.involved, namespace: event.involved.namespace },
      reason: event.reason,
      message: event.message,
      type: event.type,
      source: { component: event.source },
      reportingComponent: event.source,
      firstTimestamp: timestamp,
      lastTimestamp: timestamp,
      count: 1,
    };
    await this.create(object);
    this.recentEvents.set(key, { name, namespace, count: 1, at: now.getTime() });
    if (this.recentEvents.size > 4096) this.recentEvents.delete(this.recentEvents.keys().next().value as string);
  }

  /** A served kind by any name kubectl accepts (`Subnet`, `subnets`, `subnet`, `subnets.kubeovn.io`). */
  private info(kind: string): KindInfo {
    const named = kindInfo(kind);
    const info = this.served.find((k) => k.kind === kind) ?? this.served.find((k) => k === named || (named !== undefined && k.kind === named.kind && k.group === named.group));
    if (!info) throw new ApiError(404, 'NotFound', `the server doesn't have a resource type "${kind}"`);
    return info;
  }

  private infoOf(object: KubeObject): KindInfo {
    const info = this.info(object.kind);
    if (object.apiVersion !== apiVersionOf(info)) {
      throw new ApiError(400, 'BadRequest', `${object.kind} is served as ${apiVersionOf(info)}, not ${object.apiVersion}`, [], object.kind, object.metadata?.name);
    }
    return info;
  }

  private namespaceOf(info: KindInfo, namespace: string | undefined): string | undefined {
    return info.namespaced ? namespace || this.defaultNamespace : undefined;
  }

  private withType<T extends KubeObject>(info: KindInfo, object: T): T {
    if (object.apiVersion && object.kind) return object;
    return { ...object, apiVersion: apiVersionOf(info), kind: info.kind };
  }
}

/** A KubeCluster for a kubeconfig path + context name, or the in-cluster service account. */
export function connectKubeCluster(
  connection: KubeConnection = {},
  kinds: readonly KindInfo[] = builtinKinds,
  options: KubeClusterOptions = {},
): KubeCluster {
  return new KubeCluster(loadKubeConfig(connection), kinds, options);
}
