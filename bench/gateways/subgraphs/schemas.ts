/**
 * The four benchmark subgraphs as Federation 2 SDL plus resolvers, with the Rust originals' quirks
 * (federation.md §1): Review.author is always user 1 ("urigo", username provided); every User.reviews
 * is reviews 1 and 2; topProducts(first = 5); inventory ignores the @requires inputs, so
 * shippingEstimate is always null.
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import { type GraphQLSchema, parse } from 'graphql';
import { IN_STOCK, PRODUCTS, REVIEWS, type Review, USERS } from './data';

const LINK = (imports: string[]) =>
  `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: [${imports.map((i) => `"${i}"`).join(', ')}])`;

export const SDL: Record<string, string> = {
  accounts: `${LINK(['@key', '@shareable'])}
type Query { me: User user(id: ID!): User users: [User] }
type User @key(fields: "id") { id: ID! name: String username: String @shareable birthday: Int }`,
  inventory: `${LINK(['@key', '@external', '@requires'])}
type Product @key(fields: "upc") {
  upc: String!
  weight: Int @external
  price: Int @external
  inStock: Boolean
  shippingEstimate: Int @requires(fields: "price weight")
}`,
  products: `${LINK(['@key'])}
type Query { topProducts(first: Int = 5): [Product] }
type Product @key(fields: "upc") { upc: String! name: String price: Int weight: Int }`,
  reviews: `${LINK(['@key', '@external', '@provides'])}
type Review @key(fields: "id") { id: ID! body: String product: Product author: User @provides(fields: "username") }
type User @key(fields: "id") { id: ID! username: String @external reviews: [Review] }
type Product @key(fields: "upc") { upc: String! reviews: [Review] }`,
};

const firstTwo = (): Review[] => REVIEWS.slice(0, 2);

const RESOLVERS: Record<string, object> = {
  accounts: {
    Query: {
      me: () => USERS[0],
      user: (_: unknown, a: { id: string }) => USERS.find((u) => u.id === a.id),
      users: () => USERS,
    },
    User: { __resolveReference: (ref: { id: string }) => USERS.find((u) => u.id === ref.id) },
  },
  inventory: {
    Product: {
      __resolveReference: (ref: { upc: string }) => ({ upc: ref.upc, inStock: IN_STOCK[ref.upc] }),
      shippingEstimate: () => null,
    },
  },
  products: {
    Query: { topProducts: (_: unknown, a: { first?: number }) => PRODUCTS.slice(0, a.first ?? 5) },
    Product: {
      __resolveReference: (ref: { upc: string }) => PRODUCTS.find((p) => p.upc === ref.upc),
    },
  },
  reviews: {
    Review: {
      __resolveReference: (ref: { id: string }) => REVIEWS.find((r) => r.id === ref.id),
      product: (r: Review) => ({ upc: r.upc }),
      author: () => ({ id: '1', username: 'urigo' }),
    },
    User: {
      __resolveReference: (ref: { id: string }) => ({ id: ref.id, username: 'user' }),
      reviews: firstTwo,
    },
    Product: {
      __resolveReference: (ref: { upc: string }) => ({ upc: ref.upc }),
      reviews: (p: { upc: string }) => REVIEWS.filter((r) => r.upc === p.upc),
    },
  },
};

export const SUBGRAPH_NAMES = Object.keys(SDL);

export function subgraphSchema(name: string): GraphQLSchema {
  const sdl = SDL[name];
  if (!sdl) throw new Error(`unknown subgraph ${name}`);
  return buildSubgraphSchema({ typeDefs: parse(sdl), resolvers: RESOLVERS[name] as never });
}
