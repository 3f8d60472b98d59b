import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  type DocumentNode,
  GraphQLError,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  visit,
  BREAK,
} from 'graphql';
import type { LimitsConfig } from './config';
import { operationResolution } from './operationResolution';
import type { GatewayRequestContext } from './subgraphClient';

/**
 * Operation limits, each refused with HTTP 400 and a message naming the limit:
 *  - depth, aliases, directives: graphql-armor validation rules;
 *  - root fields: our own rule (armor has none);
 *  - tokens: Apollo Server's parseOptions.maxTokens, because armor's max-tokens answers 500
 *    on Apollo Server (graphql-armor#751);
 *  - body size: express.json's limit (413 from the JSON error handler);
 *  - variables nesting: body.ts, while the body is read;
 *  - no operation to run (several and no name, or an unknown name): operationResolution.ts.
 */
export function operationLimits(limits: LimitsConfig): {
  plugins: ApolloServerPlugin<GatewayRequestContext>[];
  validationRules: ValidationRule[];
  parseOptions: { maxTokens: number };
} {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true },
    maxAliases: { n: limits.maxAliases },
    maxDirectives: { n: limits.maxDirectives },
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    // Off: its plugin rewrites error.message in place and throws (500) on read-only errors such as
    // a fetch timeout's DOMException. Apollo's hideSchemaDetailsFromClientErrors hides suggestions instead.
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return {
    plugins: [
      ...(armor.plugins as ApolloServerPlugin<GatewayRequestContext>[]),
      introspectionPolicy(limits.introspection),
      operationResolution(),
    ],
    validationRules: [...armor.validationRules, maxRootFieldsRule(limits.maxRootFields)],
    parseOptions: { maxTokens: limits.maxTokens },
  };
}

function countRootFields(set: SelectionSetNode, ctx: ValidationContext, seen: Set<string>): number {
  let n = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) n += 1;
    else if (sel.kind === Kind.INLINE_FRAGMENT) n += countRootFields(sel.selectionSet, ctx, seen);
    else if (!seen.has(sel.name.value)) {
      seen.add(sel.name.value);
      const fragment = ctx.getFragment(sel.name.value);
      if (fragment) n += countRootFields(fragment.selectionSet, ctx, seen);
    }
  }
  return n;
}

export function maxRootFieldsRule(max: number): ValidationRule {
  return (ctx) => ({
    OperationDefinition(node) {
      const found = countRootFields(node.selectionSet, ctx, new Set());
      if (found > max)
        ctx.reportError(
          new GraphQLError(`Root fields limit of ${max} exceeded, found ${found}.`, {
            nodes: [node],
          }),
        );
    },
  });
}

/** Apollo Server hands every request of one query text the same cached (never changed) document. */
const introspects = new WeakMap<DocumentNode, boolean>();

export function usesIntrospection(document: DocumentNode): boolean {
  let found = introspects.get(document);
  if (found === undefined) {
    found = findsIntrospection(document);
    introspects.set(document, found);
  }
  return found;
}

function findsIntrospection(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/**
 * Introspection is for authenticated callers (Curity: "at least read access"; every
 * authenticated caller can read something here), or for nobody when configured off.
 * Anonymous requests never get this far: the auth middleware refuses them with 401.
 */
export function introspectionPolicy(
  mode: LimitsConfig['introspection'],
): ApolloServerPlugin<GatewayRequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, contextValue }) {
          if (!usesIntrospection(document)) return;
          const auth = contextValue.auth;
          if (mode === 'off' || !auth || auth.kind === 'anonymous') {
            throw new GraphQLError('GraphQL introspection is not allowed here', {
              extensions: { code: 'FORBIDDEN', http: { status: 403 } },
            });
          }
        },
      };
    },
  };
}
