import type { CredentialRulesStateRecord } from '../data/selfServiceStore';
import { badInput, forbidden, notFound } from '../errors';
import type { FlowContext } from './access';

type Sub<K extends string> = { [P in K]?: number | boolean | null } | null | undefined;

export interface RulesStateInput {
  userName?: string | null;
  forceReset?: Sub<'resetRequired'>;
  history?: Sub<'length'>;
  age?: Sub<'lastSetAt'>;
  temporaryLockout?: Sub<'lockedAt'>;
}

async function idOf(ctx: FlowContext, userName: string): Promise<string | null> {
  const [id] = await ctx.repos.accounts.idsByUnique('userName', [userName]);
  return id ?? null;
}

function view(userName: string, s: CredentialRulesStateRecord) {
  return {
    userName,
    forceReset: { resetRequired: s.resetRequired ?? false },
    history: { length: s.historyLength ?? null },
    age: { lastSetAt: s.lastSetAt ?? null },
    temporaryLockout: { lockedAt: s.lockedAt ?? null },
  };
}

/** The owner or an administrator reads it; anyone else sees the same null as for an unknown user. */
export async function credentialRulesState(ctx: FlowContext, userName: string) {
  const id = await idOf(ctx, userName);
  if (!id || !ctx.services.authz.canReadAccount(ctx.auth, id)) return null;
  return view(userName, await ctx.repos.selfService.store.credentialRulesState(id));
}

/** A value inside a present sub-object sets; null (the sub-object or the value) clears; absent stays. */
function patchOf(
  input: RulesStateInput,
): Record<keyof CredentialRulesStateRecord, number | boolean | null | undefined> {
  const pick = <T>(sub: Sub<string> | undefined, key: string): T | null | undefined =>
    sub === undefined ? undefined : sub === null ? null : (sub[key] as T | null | undefined);
  const nonNegative = (v: number | null | undefined, field: string) => {
    if (typeof v === 'number' && v < 0) throw badInput(`${field} must not be negative`, field);
    return v;
  };
  return {
    resetRequired: pick<boolean>(input.forceReset, 'resetRequired'),
    historyLength: nonNegative(pick<number>(input.history, 'length'), 'history.length'),
    lastSetAt: nonNegative(pick<number>(input.age, 'lastSetAt'), 'age.lastSetAt'),
    lockedAt: nonNegative(
      pick<number>(input.temporaryLockout, 'lockedAt'),
      'temporaryLockout.lockedAt',
    ),
  };
}

/** Administrators only: an account owner must not lift their own lockout or forced reset. */
export async function setCredentialRulesState(ctx: FlowContext, input: RulesStateInput) {
  if (ctx.services.authz.reach(ctx.auth, 'update', 'accounts').kind !== 'all') throw forbidden();
  if (!input.userName) throw badInput('userName is required', 'userName');
  const id = await idOf(ctx, input.userName);
  if (!id) throw notFound('Account');
  const store = ctx.repos.selfService.store;
  await store.setCredentialRulesState(id, patchOf(input));
  return view(input.userName, await store.credentialRulesState(id));
}
