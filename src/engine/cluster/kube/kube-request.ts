import { Agent as HttpAgent, request as httpRequest, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import { apiErrorFromStatus, toApiError } from './kube-errors.js';

/**
 * One JSON request to the API server, authenticated and TLS-configured by client-node's KubeConfig
 * (`applyToHTTPSOptions`: CA, client certificates, bearer or exec-plugin tokens, skipTLSVerify).
 *
 * Why not client-node's typed APIs: KubernetesObjectApi turns every timestamp into a Date object and needs a
 * discovery round trip per kind, and CustomObjectsApi cannot address the core group; raw JSON keeps objects
 * exactly as the server sent them, for every kind and subresource.
 */
export async function kubeRequest<T>(kc: KubeConfig, method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw toApiError(new Error('no current cluster in the kubeconfig'), `${method} ${path}`);
  const url = new URL(server.replace(/\/+$/, '') + path);
  const options: RequestOptions & Record<string, unknown> = { method, headers: { Accept: 'application/json' } };
  await kc.applyToHTTPSOptions(options);
  options.agent = reusableAgent(kc, url, options);
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  if (payload) Object.assign(options.headers as object, { 'Content-Type': contentType, 'Content-Length': String(payload.length) });
  const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
  const once = (): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const req = send(url, options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  const { status, text } = await once()
    .catch((err: { code?: string }) => {
      // A kept-alive connection the server closed just as we reused it: a read is safe to send again.
      if (method === 'GET' && (err?.code === 'ECONNRESET' || err?.code === 'EPIPE')) return once();
      throw err;
    })
    .catch((err: unknown) => {
      throw toApiError(err, `${method} ${url.origin}${path}`);
    });
  if (status < 200 || status > 299) throw apiErrorFromStatus(status, text);
  return (text ? JSON.parse(text) : {}) as T;
}

/** Keep-alive agents per kubeconfig and TLS material: client-node makes a new agent (a new TLS handshake) per call. */
const agents = new WeakMap<KubeConfig, Map<string, HttpAgent>>();

function reusableAgent(kc: KubeConfig, url: URL, applied: RequestOptions & Record<string, unknown>): RequestOptions['agent'] {
  // Proxied clusters keep client-node's own (proxy) agent.
  if (kc.getCurrentCluster()?.proxyUrl) return applied.agent;
  const tls = {
    ca: applied.ca as Buffer | undefined,
    cert: applied.cert as Buffer | undefined,
    key: applied.key as Buffer | undefined,
    rejectUnauthorized: applied.rejectUnauthorized as boolean | undefined,
    servername: applied.servername as string | undefined,
  };
  const key = JSON.stringify([url.protocol, url.host, ...Object.values(tls).map((v) => (Buffer.isBuffer(v) ? v.toString('base64') : v))]);
  let perConfig = agents.get(kc);
  if (!perConfig) agents.set(kc, (perConfig = new Map()));
  let agent = perConfig.get(key);
  if (!agent) {
    const defined = Object.fromEntries(Object.entries(tls).filter(([, v]) => v !== undefined));
    agent = url.protocol === 'http:' ? new HttpAgent({ keepAlive: true }) : new HttpsAgent({ keepAlive: true, ...defined });
    perConfig.set(key, agent);
  }
  return agent;
}

/** Closes the kept-alive connections of a kubeconfig (idle ones never hold the process open anyway). */
export function releaseConnections(kc: KubeConfig): void {
  for (const agent of agents.get(kc)?.values() ?? []) agent.destroy();
  agents.delete(kc);
}
