import type { OpenApiSchema } from './openapi-schema.js';

/**
 * Built-in kinds are validated leniently: only the few fields a real API server requires, so that any ordinary
 * manifest `kubectl apply` accepts passes here too. Unknown fields are kept (nothing is pruned).
 */

const open = (schema: OpenApiSchema): OpenApiSchema => ({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true, ...schema });

const container: OpenApiSchema = open({
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1 },
    image: { type: 'string' },
    ports: {
      type: 'array',
      items: open({ required: ['containerPort'], properties: { containerPort: { type: 'integer', minimum: 1, maximum: 65535 } } }),
    },
  },
});

const podSpec: OpenApiSchema = open({
  required: ['containers'],
  properties: {
    containers: { type: 'array', minItems: 1, items: container },
    initContainers: { type: 'array', items: container },
    nodeName: { type: 'string' },
    hostNetwork: { type: 'boolean' },
  },
});

const labelSelector: OpenApiSchema = open({
  properties: {
    matchLabels: { type: 'object', additionalProperties: { type: 'string' } },
    matchExpressions: {
      type: 'array',
      items: open({
        required: ['key', 'operator'],
        properties: {
          key: { type: 'string' },
          operator: { type: 'string', enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] },
          values: { type: 'array', items: { type: 'string' } },
        },
      }),
    },
  },
});

const podTemplate: OpenApiSchema = open({ required: ['spec'], properties: { spec: podSpec } });

const servicePort: OpenApiSchema = open({
  required: ['port'],
  properties: {
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    protocol: { type: 'string', enum: ['TCP', 'UDP', 'SCTP'] },
    targetPort: { 'x-kubernetes-int-or-string': true },
    nodePort: { type: 'integer', minimum: 0, maximum: 65535 },
  },
});

const workload = (extraRequired: string[] = []): OpenApiSchema =>
  open({
    properties: {
      spec: open({
        required: ['selector', 'template', ...extraRequired],
        properties: { replicas: { type: 'integer', minimum: 0 }, selector: labelSelector, template: podTemplate },
      }),
    },
    required: ['spec'],
  });

/** Schemas of built-in kinds, by `apiVersion/kind`. */
export const coreSchemas: Readonly<Record<string, OpenApiSchema>> = {
  'v1/Namespace': open({}),
  'v1/Node': open({}),
  'v1/Pod': open({ required: ['spec'], properties: { spec: podSpec } }),
  'v1/Service': open({
    properties: {
      spec: open({
        properties: {
          type: { type: 'string', enum: ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] },
          ports: { type: 'array', items: servicePort },
          selector: { type: 'object', additionalProperties: { type: 'string' } },
        },
      }),
    },
  }),
  'v1/Endpoints': open({}),
  'v1/Event': open({ required: ['involvedObject'], properties: { involvedObject: open({}) } }),
  'discovery.k8s.io/v1/EndpointSlice': open({
    required: ['addressType', 'endpoints'],
    properties: {
      addressType: { type: 'string', enum: ['IPv4', 'IPv6', 'FQDN'] },
      endpoints: { type: 'array', items: open({ required: ['addresses'], properties: { addresses: { type: 'array', items: { type: 'string' } } } }) },
    },
  }),
  'networking.k8s.io/v1/NetworkPolicy': open({
    properties: {
      spec: open({
        required: ['podSelector'],
        properties: {
          podSelector: labelSelector,
          policyTypes: { type: 'array', items: { type: 'string', enum: ['Ingress', 'Egress'] } },
        },
      }),
    },
  }),
  'coordination.k8s.io/v1/Lease': open({}),
  'apps/v1/Deployment': workload(),
  'apps/v1/StatefulSet': workload(),
  'apiextensions.k8s.io/v1/CustomResourceDefinition': open({
    required: ['spec'],
    properties: {
      spec: open({
        required: ['group', 'names', 'scope', 'versions'],
        properties: {
          group: { type: 'string', minLength: 1 },
          names: open({ required: ['plural', 'kind'], properties: { plural: { type: 'string' }, kind: { type: 'string' } } }),
          scope: { type: 'string', enum: ['Cluster', 'Namespaced'] },
          versions: { type: 'array', minItems: 1, items: open({ required: ['name', 'served', 'storage'] }) },
        },
      }),
    },
  }),
};
