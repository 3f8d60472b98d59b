import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind } from 'graphql';
import type { GatewayRequestContext } from './subgraphClient';

/**
 * When no operation of the document can be chosen (several operations and no name, an unknown
 * name, or no operation at all), answers 400 OPERATION_RESOLUTION_FAILURE with graphql-js's own
 * message. Apollo Server does this itself for a schema, but with a gateway it lets
 * @apollo/gateway's executor throw INVALID_GRAPHQL, which ends as a 500 "Internal server error".
 */
export function operationResolution(): ApolloServerPlugin<GatewayRequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request }) {
          if (operation) return;
          const name = request.operationName;
          const count = document.definitions.filter(
            (d) => d.kind === Kind.OPERATION_DEFINITION,
          ).length;
          const message =
            name != null
              ? `Unknown operation named "${name}".`
              : count === 0
                ? 'Must provide an operation.'
                : 'Must provide operation name if query contains multiple operations.';
          throw new GraphQLError(message, {
            extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } },
          });
        },
      };
    },
  };
}
