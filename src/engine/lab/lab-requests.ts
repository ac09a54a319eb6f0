import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isProcessAlive, readPidFile } from '../proc/process-state.js';
import { labLayout } from './lab-layout.js';
import { RESTARTABLE, type RestartableComponent } from './lab-data-plane.js';

/**
 * `kovn lab restart NODE COMPONENT` asks the running lab daemon to restart a node's agent, vswitchd or
 * ovn-controller: the request is a file in `<state>/requests/`, SIGUSR2 tells the daemon to look, and the daemon
 * answers with `<id>.done`. Files, not a socket: nothing to listen on, and a crashed daemon leaves nothing open.
 */
export interface RestartRequest {
  readonly id: string;
  readonly node: string;
  readonly component: RestartableComponent;
}

interface RequestResult {
  readonly ok: boolean;
  readonly message?: string;
}

const requestsDir = (stateDir: string) => join(stateDir, 'requests');

function writeAtomically(path: string, text: string): void {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

export async function requestRestart(stateDir: string, node: string, component: string, timeoutMs = 90_000): Promise<void> {
  if (!(RESTARTABLE as readonly string[]).includes(component)) throw new Error(`component must be one of ${RESTARTABLE.join(', ')}, not "${component}"`);
  const pid = readPidFile(labLayout(stateDir).daemonPid);
  if (pid === undefined || !isProcessAlive(pid)) throw new Error(`no lab is running at ${stateDir}`);
  const dir = requestsDir(stateDir);
  mkdirSync(dir, { recursive: true });
  const request: RestartRequest = { id: randomUUID(), node, component: component as RestartableComponent };
  writeAtomically(join(dir, `${request.id}.json`), JSON.stringify(request));
  process.kill(pid, 'SIGUSR2');
  const donePath = join(dir, `${request.id}.done`);
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(donePath)) {
    if (!isProcessAlive(pid)) throw new Error('the lab daemon exited before it answered');
    if (Date.now() > deadline) throw new Error(`the lab daemon did not restart ${component} on ${node} within ${timeoutMs / 1000}s`);
    await sleep(20);
  }
  const result = JSON.parse(readFileSync(donePath, 'utf8')) as RequestResult;
  rmSync(donePath, { force: true });
  if (!result.ok) throw new Error(`restarting ${component} on ${node} failed: ${result.message ?? 'no reason given'}`);
}

/** Daemon side: on SIGUSR2, handles every pending request, one at a time. Returns a function that stops listening. */
export function serveRestartRequests(stateDir: string, handle: (request: RestartRequest) => Promise<void>): () => void {
  const dir = requestsDir(stateDir);
  let chain = Promise.resolve();
  const drain = async () => {
    if (!existsSync(dir)) return;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const path = join(dir, file);
      let result: RequestResult;
      let id = file.slice(0, -'.json'.length);
      try {
        const request = JSON.parse(readFileSync(path, 'utf8')) as RestartRequest;
        id = request.id;
        await handle(request);
        result = { ok: true };
      } catch (err) {
        result = { ok: false, message: err instanceof Error ? err.message : String(err) };
      }
      rmSync(path, { force: true });
      writeAtomically(join(dir, `${id}.done`), JSON.stringify(result));
    }
  };
  const onSignal = () => {
    chain = chain.then(drain, drain);
  };
  process.on('SIGUSR2', onSignal);
  return () => process.off('SIGUSR2', onSignal);
}
