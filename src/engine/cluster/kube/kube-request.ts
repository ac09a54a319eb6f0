import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
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
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  if (payload) Object.assign(options.headers as object, { 'Content-Type': contentType, 'Content-Length': String(payload.length) });
  const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
  const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = send(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  }).catch((err: unknown) => {
    throw toApiError(err, `${method} ${url.origin}${path}`);
  });
  if (status < 200 || status > 299) throw apiErrorFromStatus(status, text);
  return (text ? JSON.parse(text) : {}) as T;
}
