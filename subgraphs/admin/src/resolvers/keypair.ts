import type { AdminContext } from '../context';
import type { KeyPairDoc } from '../data/documents';
import type { KeyPairFilter, KeyPairProps } from '../data/keypairsRepository';
import { KEYPAIR_FIELDS } from '../minilang/fields';
import { maySeeSecretKey, requireUser, scope } from '../rules';
import { callerAccessKey } from './caller';
import { defined, type ListArgs, listPage, listQuery, mutation, noMatch, success } from './helpers';

interface KeypairsArgs {
  domain_name?: string | null;
  email?: string | null;
  is_active?: boolean | null;
}

/** scoped_query(user_key="email"): admins their domain, plain users their own keypairs. */
function keypairsFilter(ctx: AdminContext, args: KeypairsArgs): KeyPairFilter {
  const me = requireUser(ctx.auth);
  const s = scope(
    ctx.auth,
    { domain_name: args.domain_name, user: args.email },
    { own: me.email, autofill: false },
  );
  return {
    domain: s.domain_name || undefined,
    email: s.user || undefined,
    isActive: typeof args.is_active === 'boolean' ? args.is_active : undefined,
  };
}

export const keypairQueries = {
  async keypair(
    _: unknown,
    args: { domain_name?: string | null; access_key?: string | null },
    ctx: AdminContext,
  ) {
    const s = scope(
      ctx.auth,
      { domain_name: args.domain_name, user: args.access_key },
      { own: await callerAccessKey(ctx), autofill: true },
    );
    if (!s.user) return null;
    const kp = await ctx.loaders.keypairByAccessKey.load(s.user);
    return kp && (!s.domain_name || kp.domain_name === s.domain_name) ? kp : null;
  },
  keypairs: (_: unknown, args: KeypairsArgs, ctx: AdminContext) =>
    ctx.repos.keypairs.listScoped(keypairsFilter(ctx, args)),
  async keypair_list(_: unknown, args: KeypairsArgs & ListArgs, ctx: AdminContext) {
    const filter = keypairsFilter(ctx, args);
    const query = listQuery(ctx, args, KEYPAIR_FIELDS, '-created_at');
    return listPage(await ctx.repos.keypairs.pageScoped(filter, query));
  },
};

export const KeyPair = {
  id: (kp: KeyPairDoc) => kp.access_key,
  /** Null for anyone maySeeSecretKey refuses, on every path that reaches a keypair. */
  async secret_key(kp: KeyPairDoc, _: unknown, ctx: AdminContext) {
    const allowed = await maySeeSecretKey(ctx.auth, kp, () => ctx.loaders.userById.load(kp.user));
    return allowed ? ctx.repos.keypairs.secretOf(kp) : null;
  },
  user_info: async (kp: KeyPairDoc, _: unknown, ctx: AdminContext) => {
    const u = await ctx.loaders.userById.load(kp.user);
    return u ? { email: u.email, full_name: u.full_name } : null;
  },
  full_name: async (kp: KeyPairDoc, _: unknown, ctx: AdminContext) =>
    (await ctx.loaders.userById.load(kp.user))?.full_name ?? null,
  num_queries: async (kp: KeyPairDoc, _: unknown, ctx: AdminContext) =>
    (await ctx.loaders.keypairStats.load(kp.access_key)).num_queries,
  last_used: async (kp: KeyPairDoc, _: unknown, ctx: AdminContext) =>
    (await ctx.loaders.keypairStats.load(kp.access_key)).last_used,
  async projects(kp: KeyPairDoc, _: unknown, ctx: AdminContext) {
    const memberships = await ctx.loaders.membershipsByUser.load(kp.user);
    const groups = await ctx.loaders.groupById.loadMany(memberships.map((m) => m.group_id));
    return groups.flatMap((g) => (g && !(g instanceof Error) ? [g.name] : []));
  },
  compute_sessions: (kp: KeyPairDoc, args: { status?: string | null }, ctx: AdminContext) =>
    ctx.loaders.sessionsByAccessKey.load(
      `${args.status ? args.status.toUpperCase() : ''}\u0000${kp.access_key}`,
    ),
  concurrency_used: (kp: KeyPairDoc, _: unknown, ctx: AdminContext) =>
    ctx.loaders.activeSessionCount.load(kp.access_key),
  concurrency_limit: () => 0,
};

type KeyPairInput = Partial<KeyPairProps> & { concurrency_limit?: number | null };

export const keypairMutations = {
  create_keypair: mutation(
    async ({ user_id, props }: { user_id: string; props: KeyPairProps }, ctx) => ({
      ...success,
      keypair: await ctx.repos.keypairs.createFor(user_id, props),
    }),
  ),
  modify_keypair: mutation(
    async ({ access_key, props }: { access_key: string; props: KeyPairInput }, ctx) => {
      const { concurrency_limit: _c, ...rest } = props;
      return (await ctx.repos.keypairs.modify(access_key, defined(rest)))
        ? success
        : noMatch('keypair');
    },
  ),
  delete_keypair: mutation(async ({ access_key }: { access_key: string }, ctx) => {
    const outcome = await ctx.repos.keypairs.remove(access_key);
    if (outcome === 'missing') return noMatch('keypair');
    if (outcome === 'main key')
      return { ok: false, msg: 'the main access key of a user cannot be deleted' };
    return success;
  }),
};
