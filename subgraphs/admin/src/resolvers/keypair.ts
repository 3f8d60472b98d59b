import type { AdminContext } from '../context';
import type { KeyPairChange, KeyPairFilter } from '../data/keypairsRepository';
import type {
  KeyPairResolvers,
  MutationResolvers,
  QueryKeypairsArgs,
  QueryResolvers,
} from '../generated/resolvers';
import { KEYPAIR_FIELDS } from '../minilang/fields';
import { maySeeSecretKey, requireUser, scope } from '../rules';
import { callerAccessKey } from './caller';
import { listPage, listQuery, mutation, noMatch, patchOf, success } from './helpers';

/** scoped_query(user_key="email"): admins their domain, plain users their own keypairs. */
function keypairsFilter(ctx: AdminContext, args: QueryKeypairsArgs): KeyPairFilter {
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

export const keypairQueries: QueryResolvers = {
  async keypair(_, args, ctx) {
    const s = scope(
      ctx.auth,
      { domain_name: args.domain_name, user: args.access_key },
      { own: await callerAccessKey(ctx), autofill: true },
    );
    if (!s.user) return null;
    const kp = await ctx.loaders.keypairByAccessKey.load(s.user);
    return kp && (!s.domain_name || kp.domain_name === s.domain_name) ? kp : null;
  },
  keypairs: (_, args, ctx) => ctx.repos.keypairs.listScoped(keypairsFilter(ctx, args)),
  async keypair_list(_, args, ctx) {
    const filter = keypairsFilter(ctx, args);
    const query = listQuery(ctx, args, KEYPAIR_FIELDS, '-created_at');
    return listPage(await ctx.repos.keypairs.pageScoped(filter, query));
  },
};

export const KeyPair: KeyPairResolvers = {
  id: (kp) => kp.access_key,
  /** Null for anyone maySeeSecretKey refuses, on every path that reaches a keypair. */
  async secret_key(kp, _, ctx) {
    const allowed = await maySeeSecretKey(ctx.auth, kp, () => ctx.loaders.userById.load(kp.user));
    return allowed ? ctx.repos.keypairs.secretOf(kp) : null;
  },
  user_info: async (kp, _, ctx) => {
    const u = await ctx.loaders.userById.load(kp.user);
    return u ? { email: u.email, full_name: u.full_name } : null;
  },
  full_name: async (kp, _, ctx) => (await ctx.loaders.userById.load(kp.user))?.full_name ?? null,
  num_queries: async (kp, _, ctx) =>
    (await ctx.loaders.keypairStats.load(kp.access_key)).num_queries,
  last_used: async (kp, _, ctx) => (await ctx.loaders.keypairStats.load(kp.access_key)).last_used,
  async projects(kp, _, ctx) {
    const memberships = await ctx.loaders.membershipsByUser.load(kp.user);
    const groups = await ctx.loaders.groupById.loadMany(memberships.map((m) => m.group_id));
    return groups.flatMap((g) => (g && !(g instanceof Error) ? [g.name] : []));
  },
  compute_sessions: (kp, args, ctx) =>
    ctx.loaders.sessionsByAccessKey.load(
      `${args.status ? args.status.toUpperCase() : ''}\u0000${kp.access_key}`,
    ),
  concurrency_used: (kp, _, ctx) => ctx.loaders.activeSessionCount.load(kp.access_key),
  concurrency_limit: () => 0,
};

export const keypairMutations: MutationResolvers = {
  create_keypair: mutation(async ({ user_id, props }, ctx) => ({
    ...success,
    keypair: await ctx.repos.keypairs.createFor(user_id, props),
  })),
  modify_keypair: mutation(async ({ access_key, props }, ctx) => {
    const { concurrency_limit: _c, ...rest } = props;
    return (await ctx.repos.keypairs.modify(access_key, patchOf<KeyPairChange>(rest)))
      ? success
      : noMatch('keypair');
  }),
  delete_keypair: mutation(async ({ access_key }, ctx) => {
    const outcome = await ctx.repos.keypairs.remove(access_key);
    if (outcome === 'missing') return noMatch('keypair');
    if (outcome === 'main key')
      return { ok: false, msg: 'the main access key of a user cannot be deleted' };
    return success;
  }),
};
