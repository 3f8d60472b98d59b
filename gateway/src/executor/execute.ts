import type { GraphQLDataSource } from '@apollo/gateway';
import type { PlanNode, QueryPlan } from '@apollo/query-planner';
import type {
  GatewayExecutionResult,
  GatewayGraphQLRequestContext,
} from '@apollo/server-gateway-interface';
import { GraphQLError, type GraphQLSchema, type VariableDefinitionNode } from 'graphql';
import type { CompiledShape } from './compileShape';
import type { Obj } from './merge';
import { runPlan } from './plan';
import { shapeResponse } from './shape';
import type { SubtypeTest } from './subtypes';

/** What one operation keeps between requests: its plan and its compiled shape. */
export interface Compiled {
  readonly plan: QueryPlan;
  readonly shape: CompiledShape;
  readonly variableDefinitions: readonly VariableDefinitionNode[];
}

/**
 * One request: the plan run, the answer shaped, and the result put together as executeQueryPlan
 * does: value-completion errors go to `extensions.valueCompletion` only when nothing else failed.
 */
export async function execute(
  state: { readonly api: GraphQLSchema; readonly isOfType: SubtypeTest },
  compiled: Compiled,
  services: (name: string) => GraphQLDataSource | undefined,
  rc: GatewayGraphQLRequestContext,
): Promise<GatewayExecutionResult> {
  const errors: unknown[] = [];
  const data: Obj = {};
  await runPlan(
    { services, requestContext: rc, isOfType: state.isOfType, errors },
    compiled.plan.node as PlanNode | undefined,
    data,
  );
  let shaped: ReturnType<typeof shapeResponse>;
  try {
    shaped = shapeResponse(compiled.shape, state.api, rc.request.variables ?? {}, data);
  } catch (err) {
    const error =
      err instanceof GraphQLError ? err : new GraphQLError(String((err as Error)?.message ?? err));
    return { errors: [error] };
  }
  if (errors.length === 0 && shaped.errors.length > 0)
    return { extensions: { valueCompletion: shaped.errors }, data: shaped.data };
  return errors.length === 0
    ? { data: shaped.data }
    : { errors: errors as GraphQLError[], data: shaped.data };
}
