/**
 * What a caller may read, as plain values the rules decide (resolvers/relay/permissions.ts and
 * friends): every restriction must hold. Only data/connections turns a scope into a store filter,
 * through each aggregate's table of attributes.
 */
export type Restriction<A extends string> =
  /** The caller holds the permission nowhere: the scope admits no row. */
  { nothing: true } | { attr: A; is: string } | { attr: A; oneOf: readonly string[] };

export type Scope<A extends string> = readonly Restriction<A>[];

export const nothing = { nothing: true } as const;
export const is = <A extends string>(attr: A, value: string): Restriction<A> => ({
  attr,
  is: value,
});
export const oneOf = <A extends string>(attr: A, values: readonly string[]): Restriction<A> => ({
  attr,
  oneOf: values,
});

/** Whether a scope admits a row whose attributes hold `values` (in-memory checks of one row). */
export function admits<A extends string>(
  scope: Scope<A>,
  values: Partial<Record<A, string>>,
): boolean {
  return scope.every((r) => {
    if ('nothing' in r) return false;
    const v = values[r.attr];
    return v !== undefined && ('is' in r ? r.is === v : r.oneOf.includes(v));
  });
}

export type UserScope = Scope<'id' | 'domain'>;
export type GroupScope = Scope<'id' | 'domain'>;
export type DomainScope = Scope<'name'>;
export type SessionScope = Scope<'domain' | 'accessKey' | 'project' | 'user'>;
export type ImageScope = Scope<'registry'>;
export type AgentScope = Scope<'resourceGroup'>;
export type KeypairScope = Scope<'owner'>;
