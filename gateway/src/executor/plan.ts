import { ERRORS, errorCodeDef } from '@apollo/federation-internals';
import type { GraphQLDataSource } from '@apollo/gateway';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import type { FetchNode, PlanNode, ResponsePath } from '@apollo/query-planner';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { tracer } from '@fedmgmt/service-kit';
import { SpanStatusCode } from '@opentelemetry/api';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { deepMerge, flattenAt, hydratedPaths, type Obj, representation } from './merge';
import { setOwn } from './own';
import type { SubtypeTest } from './subtypes';

/**
 * Runs a query plan the way @apollo/gateway 2.14's executeQueryPlan does (sequence, parallel,
 * flatten, fetch; `requires` into `_entities` representations; errors re-pathed into the client's
 * answer), for the plans eligible.ts lets through: no rewrites, conditions, @defer or subscriptions.
 */
export interface PlanRun {
  readonly services: (name: string) => GraphQLDataSource | undefined;
  readonly requestContext: GatewayGraphQLRequestContext;
  readonly isOfType: SubtypeTest;
  readonly errors: unknown[];
}

interface Cursor {
  readonly path: ResponsePath;
  readonly data: Obj | Obj[];
  readonly full: Obj;
}

const spans = tracer();

export async function runPlan(run: PlanRun, node: PlanNode | undefined, data: Obj): Promise<void> {
  if (node) await runNode(run, node, { path: [], data, full: data });
}

async function runNode(run: PlanRun, node: PlanNode, cursor: Cursor): Promise<void> {
  switch (node.kind) {
    case 'Sequence':
      for (const child of node.nodes) await runNode(run, child, cursor);
      return;
    case 'Parallel':
      await Promise.all(node.nodes.map((child) => runNode(run, child, cursor)));
      return;
    case 'Flatten': {
      const data = flattenAt(cursor.data, node.path) as Obj | Obj[] | null | undefined;
      if (data === null || data === undefined) return;
      await runNode(run, node.node, {
        path: cursor.path.concat(node.path),
        data,
        full: cursor.full,
      });
      return;
    }
    case 'Fetch':
      await spans.startActiveSpan(
        'gateway.fetch',
        { attributes: { service: node.serviceName } },
        (span) =>
          runFetch(run, node, cursor)
            .catch((err: unknown) => {
              span.setStatus({ code: SpanStatusCode.ERROR });
              run.errors.push(err);
            })
            .finally(() => span.end()),
      );
      return;
    default:
      throw new Error(`plan node ${node.kind} is not run here`);
  }
}

async function runFetch(run: PlanRun, fetch: FetchNode, cursor: Cursor): Promise<void> {
  const service = run.services(fetch.serviceName);
  if (!service) throw new Error(`Couldn't find service with name "${fetch.serviceName}"`);
  const entities = Array.isArray(cursor.data)
    ? cursor.data.filter((e) => e !== null && e !== undefined)
    : [cursor.data];
  if (entities.length === 0) return;
  const variables: Obj = {};
  const provided = run.requestContext.request.variables;
  for (const name of fetch.variableUsages ?? []) {
    if (provided && Object.hasOwn(provided, name) && provided[name] !== undefined)
      setOwn(variables, name, provided[name]);
  }
  if (!fetch.requires) {
    const received = await send(run, service, fetch, cursor, variables);
    for (const entity of entities) deepMerge(entity, received);
    return;
  }
  const representations: Obj[] = [];
  const owners: Obj[] = [];
  for (const entity of entities) {
    const rep = representation(run.isOfType, entity, fetch.requires);
    if (rep && rep.__typename) {
      representations.push(rep);
      owners.push(entity);
    }
  }
  if (representations.length === 0) return;
  if ('representations' in variables)
    throw new Error('Variables cannot contain key "representations"');
  const received = await send(run, service, fetch, cursor, { ...variables, representations });
  if (!received) return;
  const list = received._entities;
  if (!Array.isArray(list)) throw new Error('Expected "data._entities" in response to be an array');
  if (list.length !== representations.length)
    throw new Error(`Expected "data._entities" to contain ${representations.length} elements`);
  for (let i = 0; i < list.length; i++) {
    const got = list[i] as Obj | null;
    const owner = owners[i] as Obj;
    if (got && !got.__typename) got.__typename = owner.__typename;
    deepMerge(owner, got);
  }
}

async function send(
  run: PlanRun,
  service: GraphQLDataSource,
  fetch: FetchNode,
  cursor: Cursor,
  variables: Obj,
): Promise<Obj | null | undefined> {
  const ctx = run.requestContext;
  const response = await service.process({
    kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
    request: { query: fetch.operation, variables, operationName: fetch.operationName },
    incomingRequestContext: ctx,
    context: ctx.context,
    document: fetch.operationDocumentNode,
    pathInIncomingRequest: cursor.path,
  });
  if (response.errors) {
    const pathOf = errorPaths(fetch, cursor);
    for (const error of response.errors)
      run.errors.push(downstreamError(error, fetch.serviceName, pathOf));
    if (!response.extensions?.ftv1) {
      const paths = response.errors.map((e) => ({ subgraph: fetch.serviceName, path: e.path }));
      (ctx.metrics.nonFtv1ErrorPaths ??= []).push(...paths);
    }
  }
  return response.data as Obj | null | undefined;
}

type ErrorPath = GraphQLFormattedError['path'];

/** A subgraph error's path in the client's answer; for `_entities.N`, the Nth entity's path. */
function errorPaths(fetch: FetchNode, cursor: Cursor): (path: ErrorPath) => ErrorPath {
  let hydrated: (string | number)[][] | undefined;
  return (path) => {
    if (fetch.requires && typeof path?.[1] === 'number') {
      if (!hydrated) hydratedPaths([], cursor.path, cursor.full, (hydrated = []));
      return [...(hydrated[path[1]] ?? []), ...path.slice(2)];
    }
    return path ? [...cursor.path, ...path] : undefined;
  };
}

function downstreamError(
  original: GraphQLFormattedError,
  serviceName: string,
  pathOf: (path: ErrorPath) => ErrorPath,
): GraphQLError {
  const message = original.message || `Error while fetching subquery from service "${serviceName}"`;
  const options = {
    originalError: original as Error,
    path: pathOf(original.path),
    extensions: { ...original.extensions, serviceName },
  };
  const known = errorCodeDef(original);
  if (!known && original.extensions?.code) return new GraphQLError(message, options);
  return (known ?? ERRORS.DOWNSTREAM_SERVICE_ERROR).err(message, options);
}
