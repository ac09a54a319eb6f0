/** `c` on the VPC table: name and the namespaces whose pods it serves. */
import { planCreateVpc, validateVpcField, type ClusterSnapshot } from '../../actions/index.js';
import type { VpcSpec } from '../../engine/cluster/kinds/kubeovn-types.js';
import { planAndShow } from '../action-flow.js';
import type { FormSpec, FormValues } from '../form/form-types.js';
import { listOf, textOf } from '../form/form-values.js';
import { definedOnly, firstIssueText } from './issue-text.js';

function specOf(values: FormValues): VpcSpec {
  const namespaces = listOf(textOf(values, 'namespaces'));
  return namespaces.length > 0 ? { namespaces } : {};
}

export function createVpcForm(snapshot: ClusterSnapshot): FormSpec {
  return {
    title: 'Create a VPC',
    fields: [
      { kind: 'text', id: 'name', label: 'name', placeholder: 'lower-case letters, digits, -' },
      { kind: 'text', id: 'namespaces', label: 'namespaces', placeholder: 'optional: comma separated' },
    ],
    initial: { name: '', namespaces: '' },
    check: (values) => {
      const name = textOf(values, 'name').trim();
      const spec = specOf(values);
      return definedOnly({
        name: firstIssueText(validateVpcField('name', name, { name, spec }, { snapshot })),
        namespaces: spec.namespaces ? firstIssueText(validateVpcField('namespaces', spec.namespaces, { name, spec }, { snapshot })) : undefined,
      });
    },
    submit: (values, store) => {
      const name = textOf(values, 'name').trim();
      planAndShow(store, 'create VPC', (ctx) => planCreateVpc(ctx, { name, spec: specOf(values) }));
    },
  };
}
