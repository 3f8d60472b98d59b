import { composeServices } from '@apollo/composition';
import { type GraphQLDataSource, LocalGraphQLDataSource } from '@apollo/gateway';
import type { GatewayGraphQLResponse as GraphQLResponse } from '@apollo/server-gateway-interface';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap';
import { GraphQLError, parse } from 'graphql';

/**
 * Three small subgraphs that give the query planner every kind of step our executor runs: root
 * fetches, entity joins through lists (`@`), @requires, interfaces and unions with type conditions,
 * an @inaccessible enum value, a mutation. `tamper` lets a case make a subgraph misbehave (a value
 * the API schema refuses, an unknown __typename, a null where the supergraph says non-null).
 */
const users = [
  { id: '1', name: 'Ada', role: 'ADMIN', nick: 'ada', tags: ['a', 'b'], score: 7, groupId: 'g1' },
  { id: '2', name: 'Bob', role: 'USER', nick: 'bob', tags: [], score: 3, groupId: 'g1' },
  { id: '3', name: null, role: 'USER', nick: 'cy', tags: null, score: null, groupId: 'g2' },
];
const groups = [
  { id: 'g1', title: 'Ops' },
  { id: 'g2', title: 'Dev' },
];
const reviews = [
  { id: 'r1', body: 'fine', rating: 4, authorId: '1' },
  { id: 'r2', body: 'meh', rating: 2, authorId: '2' },
  { id: 'r3', body: 'great', rating: 5, authorId: '1' },
];

const usersSdl = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable", "@inaccessible"])
  type Query {
    me: User
    users(first: Int): [User!]!
    node(id: ID!): Node
    search(term: String): [SearchResult]
  }
  type Mutation { rename(id: ID!, name: String!): User }
  interface Node { id: ID! }
  enum Role { ADMIN USER SECRET @inaccessible }
  type User implements Node @key(fields: "id") {
    id: ID!
    name: String
    role: Role!
    nick: String!
    tags: [String!]
    score: Int
    group: Group
  }
  type Group implements Node @key(fields: "id") { id: ID! title: String }
  union SearchResult = User | Group
`);

const byId = (id: string) => users.find((u) => u.id === id) ?? null;
const usersResolvers = {
  Query: {
    me: () => byId('1'),
    users: (_: unknown, { first }: { first?: number }) => users.slice(0, first ?? users.length),
    node: (_: unknown, { id }: { id: string }) =>
      byId(id) ?? groups.find((g) => g.id === id) ?? null,
    search: () => [byId('2'), groups[0], null],
  },
  Mutation: {
    rename: (_: unknown, { id, name }: { id: string; name: string }) => {
      const user = byId(id);
      return user && { ...user, name };
    },
  },
  Node: {
    __resolveType: (obj: { title?: string }) => (obj.title !== undefined ? 'Group' : 'User'),
  },
  SearchResult: {
    __resolveType: (obj: { title?: string }) => (obj.title !== undefined ? 'Group' : 'User'),
  },
  User: {
    __resolveReference: (ref: { id: string }) => byId(ref.id),
    group: (u: { groupId: string }) => groups.find((g) => g.id === u.groupId),
  },
  Group: { __resolveReference: (ref: { id: string }) => groups.find((g) => g.id === ref.id) },
};

const reviewsSdl = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type Query { topReviews(min: Int = 1): [Review] }
  type User @key(fields: "id") { id: ID! reviews: [Review!]! reviewCount: Int }
  type Review { id: ID! body: String rating: Int! author: User }
`);
const reviewsResolvers = {
  Query: {
    topReviews: (_: unknown, { min }: { min: number }) => reviews.filter((r) => r.rating >= min),
  },
  User: {
    __resolveReference: (ref: { id: string }) => ref,
    reviews: (u: { id: string }) => reviews.filter((r) => r.authorId === u.id),
    reviewCount: (u: { id: string }) => {
      if (u.id === '2')
        throw new GraphQLError('count unavailable', { extensions: { code: 'COUNT_DOWN' } });
      return reviews.filter((r) => r.authorId === u.id).length;
    },
  },
  Review: { author: (r: { authorId: string }) => ({ id: r.authorId }) },
};

const inventorySdl = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires"])
  type User @key(fields: "id") {
    id: ID!
    name: String @external
    greeting: String @requires(fields: "name")
  }
`);
const inventoryResolvers = {
  User: {
    __resolveReference: (ref: { id: string; name?: string | null }) => ref,
    greeting: (u: { name?: string | null }) => (u.name ? `hello ${u.name}` : null),
  },
};

const definitions = [
  { name: 'users', typeDefs: usersSdl, resolvers: usersResolvers },
  { name: 'reviews', typeDefs: reviewsSdl, resolvers: reviewsResolvers },
  { name: 'inventory', typeDefs: inventorySdl, resolvers: inventoryResolvers },
];

/** The supergraph of all three subgraphs, or of those named. */
export function supergraphSdl(names?: string[]): string {
  const composed = composeServices(
    definitions
      .filter((d) => !names || names.includes(d.name))
      .map((d) => ({ name: d.name, url: `http://${d.name}.invalid`, typeDefs: d.typeDefs })),
  );
  if (composed.errors || !composed.supergraphSdl) throw new Error(String(composed.errors));
  return composed.supergraphSdl;
}

/** Rewrites one subgraph's answer, or throws in its place. */
export type Tamper = (service: string, response: GraphQLResponse) => void;
export const tampering: { current: Tamper | undefined } = { current: undefined };

export function dataSources(): Map<string, GraphQLDataSource> {
  const out = new Map<string, GraphQLDataSource>();
  for (const d of definitions) {
    const resolvers = d.resolvers as GraphQLResolverMap<unknown>;
    const local = new LocalGraphQLDataSource(
      buildSubgraphSchema([{ typeDefs: d.typeDefs, resolvers }]),
    );
    out.set(d.name, {
      process: async (options) => {
        const response = await local.process(options);
        tampering.current?.(d.name, response);
        return response;
      },
    });
  }
  return out;
}
