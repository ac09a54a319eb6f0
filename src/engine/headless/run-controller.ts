import { hostname } from 'node:os';
import type { ClusterApi } from '../cluster/types.js';
import { OvsdbClient } from '../../ovn/ovsdb/client.js';
import { Controller } from '../controller/controller.js';
import type { ControllerConfig } from '../controller/controller-config.js';
import { LeaseElection } from '../leader/lease-election.js';
import { MetricsRegistry } from '../metrics/metrics-registry.js';
import { startHealthServer, type HealthServer } from '../metrics/health-server.js';

export interface ControllerProcessOptions {
  readonly cluster: ClusterApi;
  /** NB remotes: `unix:PATH`, `tcp:HOST:PORT`, or a comma list for a clustered NB. */
  readonly nbRemote: string;
  readonly metricsHost?: string;
  readonly metricsPort?: number;
  /** Lease namespace and name; leader election is off when `election` is false (one engine, e.g. the lab). */
  readonly election?: { namespace: string; name: string } | false;
  readonly identity?: string;
  readonly config?: Partial<ControllerConfig>;
  readonly log?: (line: string) => void;
}

export interface RunningController {
  readonly health: HealthServer;
  /** Resolves when the controller stops leading (the process should exit and restart). */
  readonly lost: Promise<string>;
  stop(): Promise<void>;
}

/**
 * The headless controller: campaigns for the Lease, runs the controller while it leads, serves
 * `/metrics` and `/healthz`. Losing the lease stops everything: a new leader restarts from the cluster's
 * state, which is how every restart works anyway.
 */
export async function runController(options: ControllerProcessOptions): Promise<RunningController> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const metrics = new MetricsRegistry();
  const leaderGauge = metrics.gauge('kovn_controller_leader', 'Whether this controller instance is the leader');
  const errors = metrics.counter('kovn_reconcile_errors_total', 'Failed reconciles by kind');
  const passes = metrics.counter('kovn_nb_sync_passes_total', 'Northbound sync passes');
  const changes = metrics.counter('kovn_nb_row_changes_total', 'Northbound row changes written');
  const nb = await OvsdbClient.connect(options.nbRemote, { database: 'OVN_Northbound' });
  const controller = new Controller(options.cluster, nb, options.config);
  let running = false;
  metrics.gaugeFunction('kovn_subnets_accepted', 'Subnets accepted into OVN', () => [{ value: controller.acceptedSubnets().length }]);
  controller.on('reconcileError', (kind, key, err, attempt) => {
    errors.inc({ kind });
    if (attempt === 1 || attempt % 10 === 0) log(`reconcile ${kind} ${key} failed (attempt ${attempt}): ${err instanceof Error ? err.message : String(err)}`);
  });

  let resolveLost: (reason: string) => void = () => {};
  const lost = new Promise<string>((resolve) => (resolveLost = resolve));
  const startController = async () => {
    await controller.start();
    controller.syncer.on('synced', (r) => {
      passes.inc();
      changes.inc({}, r.changes);
    });
    running = true;
    log('controller started');
  };

  const health = await startHealthServer({
    host: options.metricsHost ?? '127.0.0.1',
    port: options.metricsPort ?? 0,
    metrics,
    ready: () => running || (options.election !== false && !election?.isLeader),
  });

  let election: LeaseElection | undefined;
  if (options.election === false) {
    leaderGauge.set(1);
    await startController();
  } else {
    const where = options.election ?? { namespace: 'kube-system', name: 'kovn-controller' };
    election = new LeaseElection(options.cluster, { ...where, identity: options.identity ?? `${hostname()}-${process.pid}` });
    election.on('elected', () => {
      leaderGauge.set(1);
      log(`elected leader on Lease ${where.namespace}/${where.name}`);
      startController().catch((err) => resolveLost(`controller failed to start: ${String(err)}`));
    });
    election.on('lost', (reason) => {
      leaderGauge.set(0);
      resolveLost(reason);
    });
    election.start();
  }

  return {
    health,
    lost,
    async stop() {
      await election?.stop();
      if (running) await controller.stop();
      await nb.close();
      await health.close();
    },
  };
}
