import { createConnection } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The control socket of an OVS/OVN daemon in `runDir`: `<name>.ctl` when it was started with `--unixctl`
 * (the lab's vswitchd), else `<name>.<pid>.ctl` from its pidfile (the daemons' default). Tries each name.
 */
export function unixctlPathOf(runDir: string, programNames: readonly string[]): string | undefined {
  for (const name of programNames) {
    const fixed = join(runDir, `${name}.ctl`);
    if (existsSync(fixed)) return fixed;
    try {
      const pid = readFileSync(join(runDir, `${name}.pid`), 'utf8').trim();
      if (/^\d+$/.test(pid)) return join(runDir, `${name}.${pid}.ctl`);
    } catch {
      // No pidfile under this name.
    }
  }
  return undefined;
}

/**
 * Whether a daemon answers `version` on its unixctl socket (JSON-RPC) within `timeoutMs`. A stopped, hung or
 * dead daemon does not: the socket is gone, refuses, or stays silent. No process is spawned (it runs 3×/s).
 */
export function unixctlAnswers(path: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(path);
    let received = '';
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.on('connect', () => socket.write(JSON.stringify({ method: 'version', params: [], id: 0 })));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString();
      if (received.includes('"result"')) finish(true);
      else if (received.includes('"error"') && !received.includes('"error":null')) finish(false);
    });
    socket.on('error', () => finish(false));
    socket.on('close', () => finish(received.includes('"result"')));
  });
}
