/** The console's pages: the GraphQL a console sends, and the same work sent to each subgraph directly. */
export const USER_PAGE = `query UserPage($limit: Int!) {
  user_list(limit: $limit, offset: 0, order: "+email") {
    total_count
    items { uuid email username role groups { id name } keypairs { access_key is_active } account { id userName active } }
  }
}`;

/** What the gateway's plan sends the admin subgraph for USER_PAGE (plus the entity key). */
export const USER_PAGE_ADMIN = `query UserPage__admin__0($limit: Int!) {
  user_list(limit: $limit, offset: 0, order: "+email") {
    total_count
    items { __typename uuid email username role groups { id name } keypairs { access_key is_active } }
  }
}`;

/** ...and then the accounts subgraph, for every user on the page. */
export const USER_PAGE_ACCOUNTS = `query UserPage__accounts__1($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on User { account { id userName active } } }
}`;

export const ACCOUNTS_PAGE = `query AccountsPage($first: Int!) {
  accounts(first: $first) { totalCount edges { node { id userName active emails { value primary } } } }
}`;

export interface UserItem {
  __typename?: string;
  email: string;
}
