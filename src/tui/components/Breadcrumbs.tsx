import { Text } from 'ink';
import { useStore } from 'zustand';
import type { Page, TuiStore } from '../store.js';

export interface BreadcrumbsProps {
  readonly store: TuiStore;
}

export function crumbOf(page: Page): string {
  const scope = page.scope?.vpc ? `(${page.scope.vpc})` : page.scope?.subnet ? `(${page.scope.subnet})` : '';
  return `${page.view}${scope}`;
}

/** The page stack, `vpc > subnet(ovn-cluster) > ip(ovn-default)`. */
export function Breadcrumbs({ store }: BreadcrumbsProps) {
  const pages = useStore(store, (s) => s.pages);
  return <Text wrap="truncate">{pages.map(crumbOf).join(' > ')}</Text>;
}
