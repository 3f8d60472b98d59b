/**
 * The static data of the benchmark's four Rust subgraphs (graphql-hive/graphql-gateways-benchmark,
 * subgraphs/*.rs), re-typed from them and from fixtures/resp.json; reviews come from fixtures/reviews.json.
 */
import reviewsJson from '../fixtures/reviews.json';

export interface User {
  id: string;
  name: string;
  username: string;
  birthday: number;
}
export interface Product {
  upc: string;
  name: string;
  price: number;
  weight: number;
}
export interface Review {
  id: string;
  body: string;
  upc: string;
}

const BIRTHDAY = 1234567890;
export const USERS: User[] = [
  ['1', 'urigo', 'Uri Goldshtein'],
  ['2', 'dotansimha', 'Dotan Simha'],
  ['3', 'kamilkisiela', 'Kamil Kisiela'],
  ['4', 'ardatan', 'Arda Tanrikulu'],
  ['5', 'gilgardosh', 'Gil Gardosh'],
  ['6', 'laurin', 'Laurin Quast'],
].map(([id, username, name]) => ({
  id: id!,
  username: username!,
  name: name!,
  birthday: BIRTHDAY,
}));

export const PRODUCTS: Product[] = [
  ['1', 'Table', 899, 100],
  ['2', 'Couch', 1299, 1000],
  ['3', 'Glass', 15, 20],
  ['4', 'Chair', 499, 100],
  ['5', 'TV', 1299, 1000],
  ['6', 'Lamp', 6999, 300],
  ['7', 'Grill', 3999, 2000],
  ['8', 'Fridge', 100000, 6000],
  ['9', 'Sofa', 9999, 800],
].map(([upc, name, price, weight]) => ({
  upc: String(upc),
  name: String(name),
  price: Number(price),
  weight: Number(weight),
}));

/** inventory.rs: in stock by upc. */
export const IN_STOCK: Record<string, boolean> = {
  1: true,
  2: false,
  3: false,
  4: false,
  5: true,
  6: true,
  7: true,
  8: false,
  9: true,
};

export const REVIEWS: Review[] = reviewsJson;
