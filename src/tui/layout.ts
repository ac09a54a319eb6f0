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
