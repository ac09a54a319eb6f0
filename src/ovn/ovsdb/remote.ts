import { connect, type Socket } from 'node:net';
import { OvsdbRemoteError } from './errors.js';

export type Remote =
  | { readonly kind: 'unix'; readonly path: string; readonly text: string }
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number; readonly text: string };

/** Parses `unix:PATH`, `tcp:HOST:PORT` (`tcp:[::1]:6641` for IPv6) or a comma list of them (a clustered DB). */
export function parseRemotes(spec: string | readonly string[]): Remote[] {
  const items = (typeof spec === 'string' ? spec.split(',') : spec.flatMap((s) => s.split(',')))
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0) throw new OvsdbRemoteError(`no OVSDB remote given (got ${JSON.stringify(spec)})`);
  return items.map(parseRemote);
}

export function parseRemote(text: string): Remote {
  if (text.startsWith('unix:')) {
    const path = text.slice(5);
    if (path === '') throw new OvsdbRemoteError(`remote ${JSON.stringify(text)}: unix socket path is empty`);
    return { kind: 'unix', path, text };
  }
  if (text.startsWith('tcp:')) {
    const rest = text.slice(4);
    const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(rest);
    const port = match ? Number(match[3]) : NaN;
    if (!match || !(port > 0 && port < 65536)) {
      throw new OvsdbRemoteError(`remote ${JSON.stringify(text)}: expected tcp:HOST:PORT with a port in 1-65535`);
    }
    return { kind: 'tcp', host: match[1] ?? match[2], port, text };
  }
  throw new OvsdbRemoteError(
    `remote ${JSON.stringify(text)}: unsupported; use unix:PATH or tcp:HOST:PORT (ssl: is not supported)`,
  );
}

/** Opens a stream to one remote; rejects (and destroys the socket) if it is not up within `timeoutMs`. */
export function connectRemote(remote: Remote, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket =
      remote.kind === 'unix' ? connect({ path: remote.path }) : connect({ host: remote.host, port: remote.port });
    const timer = setTimeout(() => fail(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
    function fail(error: Error): void {
      clearTimeout(timer);
      socket.destroy();
      reject(new OvsdbRemoteError(`cannot connect to ${remote.text}: ${error.message}`, { cause: error }));
    }
    socket.once('error', fail);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.off('error', fail);
      if (remote.kind === 'tcp') socket.setNoDelay(true);
      resolve(socket);
    });
  });
}
