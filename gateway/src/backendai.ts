import { type ApolloServer, HeaderMap, type HTTPGraphQLResponse } from '@apollo/server';
import type { Request, Response } from 'express';
import { authOf } from './auth/middleware';
import type { GatewayRequestContext } from './subgraphClient';

/**
 * Backend.AI's two GraphQL endpoints (manager/api/admin.py), served by the same Apollo Server:
 *  - POST /admin/gql: always HTTP 200 with `{data, errors}`;
 *  - POST /admin/graphql (legacy): `data` alone, or HTTP 400 application/problem+json
 *    `{type: .../graphql-error, title, data: [errors]}` when anything failed.
 * The body may name the operation `operation_name` (Backend.AI) or `operationName`.
 */
const PROBLEM = 'application/problem+json';
const GRAPHQL_ERROR = 'https://api.backend.ai/probs/graphql-error';

interface GraphQLResult {
  data?: unknown;
  errors?: unknown[];
}

async function bodyText(body: HTTPGraphQLResponse['body']): Promise<string> {
  if (body.kind === 'complete') return body.string;
  let out = '';
  for await (const chunk of body.asyncIterator) out += chunk;
  return out;
}

/**
 * The manager's trafaret takes `operation_name` or its alias `operationName`; a null in one
 * spelling does not hide a name given in the other.
 */
export function normalizeBody(raw: unknown): Record<string, unknown> | undefined {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const { operation_name: snake, operationName: camel, ...rest } = raw as Record<string, unknown>;
  if ((snake != null && typeof snake !== 'string') || (camel != null && typeof camel !== 'string'))
    return undefined;
  const name = snake ?? camel;
  return name == null ? rest : { ...rest, operationName: name };
}

async function execute(
  apollo: ApolloServer<GatewayRequestContext>,
  req: Request,
  res: Response,
  body: Record<string, unknown>,
): Promise<GraphQLResult> {
  const headers = new HeaderMap();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: 'POST', headers, search: '', body },
    context: async () => ({ auth: authOf(res) }),
  });
  try {
    return JSON.parse(await bodyText(response.body)) as GraphQLResult;
  } catch {
    return {
      errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
    };
  }
}

export function backendAiHandler(apollo: ApolloServer<GatewayRequestContext>, legacy: boolean) {
  return async (req: Request, res: Response): Promise<void> => {
    const body = normalizeBody(req.body);
    if (!body || typeof body.query !== 'string') {
      res
        .status(400)
        .type(PROBLEM)
        .send(
          JSON.stringify({
            type: 'https://api.backend.ai/probs/invalid-api-params',
            title: 'Missing or invalid API parameters.',
            msg: 'the body must be a JSON object with a "query" string (and "operation_name" a string or null)',
          }),
        );
      return;
    }
    const result = await execute(apollo, req, res, body);
    const errors = result.errors ?? [];
    if (!legacy) {
      res.status(200).json({ data: result.data ?? null, ...(errors.length > 0 ? { errors } : {}) });
    } else if (errors.length > 0) {
      res
        .status(400)
        .type(PROBLEM)
        .send(
          JSON.stringify({ type: GRAPHQL_ERROR, title: 'GraphQL-generated error.', data: errors }),
        );
    } else {
      res.status(200).json(result.data ?? null);
    }
  };
}
