import type { TuiState } from './store.js';

/** Lines around the table: header, sources, breadcrumbs, title, column header, flash, hints. */
export const CHROME_LINES = 7;

/**
 * The root box is one line shorter than the terminal: at height ≥ rows Ink clears the screen and rewrites the
 * whole frame on every render.
 */
export function rootHeight(state: Pick<TuiState, 'size'>): number {
  return Math.max(CHROME_LINES + 1, state.size.rows - 1);
}

export function bodyHeight(state: Pick<TuiState, 'size'>): number {
  return rootHeight(state) - CHROME_LINES;
}

/** Lines of the detail pane (its title included) when it is open: half the body. */
export function detailPaneHeight(state: Pick<TuiState, 'size' | 'detailPane' | 'mode'>): number {
  return state.detailPane ? Math.floor(bodyHeight(state) / 2) : 0;
}

/** Rows of the table itself: the body less the detail pane. */
export function tableHeight(state: Pick<TuiState, 'size' | 'detailPane' | 'mode'>): number {
  return bodyHeight(state) - detailPaneHeight(state);
}
