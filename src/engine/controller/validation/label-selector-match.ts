/** Matching a Kubernetes LabelSelector object (matchLabels / matchExpressions) against labels. */
import type { LabelSelector } from '../../cluster/kinds/kubeovn-types.js';
import type { LabelRequirement } from '../../cluster/label-selector.js';
import { matchesLabels } from '../../cluster/label-selector.js';

function requirements(selector: LabelSelector): LabelRequirement[] {
  const fromLabels = Object.entries(selector.matchLabels ?? {}).map(([key, value]): LabelRequirement => ({ key, op: 'in', values: [value] }));
  const fromExpressions = (selector.matchExpressions ?? []).map((expression): LabelRequirement => {
    switch (expression.operator) {
      case 'In':
        return { key: expression.key, op: 'in', values: expression.values ?? [] };
      case 'NotIn':
        return { key: expression.key, op: 'notin', values: expression.values ?? [] };
      case 'Exists':
        return { key: expression.key, op: 'exists' };
      default:
        return { key: expression.key, op: 'doesnotexist' };
    }
  });
  return [...fromLabels, ...fromExpressions];
}

/** Whether the labels satisfy the selector; an empty selector matches everything. */
export function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  return matchesLabels(requirements(selector), labels);
}
