import type { PlanNode, QueryPlan } from '@apollo/query-planner';
import { BREAK, type DocumentNode, OperationTypeNode, visit } from 'graphql';

/**
 * Which operations and plans our executor runs; the rest go to @apollo/gateway's own. Ours covers
 * the plans federation makes of queries and mutations over entities, keys, @requires and
 * @provides; it leaves Apollo introspection (`__schema`, `__type`), @defer/@stream, subscriptions,
 * `@skip`/`@include` conditions the planner lifted into the plan, and the data rewrites of
 * @interfaceObject and @fromContext.
 */
export function documentEligible(document: DocumentNode): boolean {
  let eligible = true;
  visit(document, {
    OperationDefinition: (node) => {
      if (node.operation === OperationTypeNode.SUBSCRIPTION) eligible = false;
      return eligible ? undefined : BREAK;
    },
    Field: (node) => {
      if (node.name.value === '__schema' || node.name.value === '__type') eligible = false;
      return eligible ? undefined : BREAK;
    },
    Directive: (node) => {
      if (node.name.value === 'defer' || node.name.value === 'stream') eligible = false;
      return eligible ? undefined : BREAK;
    },
  });
  return eligible;
}

const none = (list: readonly unknown[] | undefined) => !list || list.length === 0;

function nodeEligible(node: PlanNode): boolean {
  switch (node.kind) {
    case 'Sequence':
    case 'Parallel':
      return node.nodes.every(nodeEligible);
    case 'Flatten':
      return nodeEligible(node.node);
    case 'Fetch':
      return none(node.inputRewrites) && none(node.outputRewrites) && none(node.contextRewrites);
    default:
      return false;
  }
}

export function planEligible(plan: QueryPlan): boolean {
  return !plan.node || (plan.node.kind !== 'Subscription' && nodeEligible(plan.node));
}
