import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Plan } from '../actions/action-types.js';
import type { ClusterApi, KubeObject } from '../engine/cluster/types.js';
import type { FormState } from './form/form-types.js';
import type { RouteDraft } from './routes/route-draft.js';

/** One kind's cache phase, as the header shows it. */
export type SourcePhase = 'syncing' | 'ready' | 'forbidden' | 'disconnected';

export interface SourceInfo {
  readonly phase: SourcePhase;
  readonly message: string;
}

/** What the detail pane may show from the Northbound database. */
export interface NbInfo {
  readonly state: 'unknown' | 'connecting' | 'ready' | 'unreachable';
  readonly message: string;
  /** Looks a row up by table and name; absent until connected. */
  readonly lookup?: NbLookup;
  /** Bumped on every NB change, so selectors re-run. */
  readonly version: number;
}

export type NbRow = Record<string, unknown>;
export interface NbLookup {
  byName(table: string, name: string): NbRow | undefined;
  all(table: string): NbRow[];
}

/** One page of the stack: a view, optionally scoped (the VPC whose subnets, the subnet whose ports). */
export interface Page {
  readonly view: string;
  readonly scope?: { readonly vpc?: string; readonly subnet?: string };
  readonly cursor: number;
  /** First visible row. */
  readonly offset?: number;
  readonly filter: string;
}

export type Mode = 'normal' | 'command' | 'filter' | 'help' | 'viewer' | 'confirm' | 'form' | 'routes';

/** A scrollable text page over the table: YAML or describe. */
export interface TextViewer {
  readonly title: string;
  readonly lines: readonly string[];
  readonly offset: number;
}

export interface Confirmation {
  readonly question: string;
  readonly run: () => void;
}

export interface TuiState {
  /** Objects by kind, then by `namespace/name` (or `name`). Replaced (not mutated) when a kind changes. */
  readonly objects: Readonly<Record<string, ReadonlyMap<string, KubeObject>>>;
  readonly dataVersion: number;
  readonly sources: Readonly<Record<string, SourceInfo>>;
  readonly context: string;
  readonly clusterMode: 'lab' | 'cluster';
  readonly engineHealth: string;
  readonly nb: NbInfo;
  readonly pages: readonly Page[];
  readonly mode: Mode;
  /** Text typed on the `:` or `/` line. */
  readonly input: string;
  readonly history: readonly string[];
  readonly flash: { readonly text: string; readonly level: 'info' | 'error' };
  readonly readonly: boolean;
  readonly size: { readonly columns: number; readonly rows: number };
  readonly confirm?: Confirmation;
  readonly viewer?: TextViewer;
  /** The detail pane under the table (`p` toggles it). */
  readonly detailPane: boolean;
  /** A plan shown in the viewer, applied with `a`. */
  readonly pendingPlan?: Plan;
  /** Where Esc on a plan returns: the form or route editor it came from (the table when absent). */
  readonly planOrigin?: 'form' | 'routes';
  /** The action form on screen (mode `form`), kept while its plan is shown so Esc can return to it. */
  readonly form?: FormState;
  /** The VPC route editor's working copy (mode `routes`). */
  readonly routeDraft?: RouteDraft;
  /** Where actions write; absent in tests that only browse. */
  readonly cluster?: ClusterApi;
  /** How long an applied plan waits for the controller's verdict (the actions' default, 30 s, when absent). */
  readonly outcomeTimeoutMs?: number;
  /** Colours are off when NO_COLOR is set. */
  readonly color: boolean;
  /** Set by `e`: the shell unmounts, runs the editor on this object, and renders again. */
  readonly editRequest?: KubeObject;
  readonly quit: boolean;
}

export type TuiStore = StoreApi<TuiState>;

export interface StoreOptions {
  readonly context?: string;
  readonly clusterMode?: 'lab' | 'cluster';
  readonly readonly?: boolean;
  readonly columns?: number;
  readonly rows?: number;
  readonly view?: string;
  readonly color?: boolean;
  readonly detailPane?: boolean;
}

/** One store per session; the data feed writes into it on a tick, components read narrow selectors. */
export function createTuiStore(options: StoreOptions = {}): TuiStore {
  return createStore<TuiState>(() => ({
    objects: {},
    dataVersion: 0,
    sources: {},
    context: options.context ?? '',
    clusterMode: options.clusterMode ?? 'cluster',
    engineHealth: 'unknown',
    nb: { state: 'unknown', message: 'NB not connected', version: 0 },
    pages: [{ view: options.view ?? 'subnet', cursor: 0, filter: '' }],
    mode: 'normal',
    input: '',
    history: [],
    flash: { text: '', level: 'info' },
    readonly: options.readonly ?? false,
    size: { columns: options.columns ?? 80, rows: options.rows ?? 24 },
    color: options.color ?? !process.env.NO_COLOR,
    detailPane: options.detailPane ?? false,
    quit: false,
  }));
}

export function currentPage(state: TuiState): Page {
  return state.pages[state.pages.length - 1];
}

/** Replaces the top page with `change` applied. */
export function updatePage(store: TuiStore, change: Partial<Page>): void {
  const { pages } = store.getState();
  store.setState({ pages: [...pages.slice(0, -1), { ...pages[pages.length - 1], ...change }] });
}

/** How long a flash line stays (errors longer), as in k9s. */
const FLASH_MS = { info: 6000, error: 15000 };

export function flash(store: TuiStore, text: string, level: 'info' | 'error' = 'info'): void {
  const shown = { text, level };
  store.setState({ flash: shown });
  const timer = setTimeout(() => {
    if (store.getState().flash === shown) store.setState({ flash: { text: '', level: 'info' } });
  }, FLASH_MS[level]);
  timer.unref();
}

export function objectKeyOf(obj: KubeObject): string {
  return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name;
}
