import type { AdminContext } from '../context';
import type { KeyPairDoc } from '../data/documents';
import { MissingReferenceError } from '../data/errors';
import { generateKeypair } from '../data/keypairsRepository';
import { KEYPAIR_FIELDS } from '../minilang/fields';
import { maySeeSecretKey, requireUser, scope } from '../rules';
import { callerAccessKey } from './caller';
import { and, compileList, defined, type ListArgs, mutation, noMatch, success } from './helpers';

interface KeypairsArgs {
  domain_name?: string | null;
  email?: string | null;
  is_active?: boolean | null;
}

/** scoped_query(user_key="email"): admins their domain, plain users their own keypairs. */
function keypairsScope(ctx: AdminContext, args: KeypairsArgs) {
  const me = requireUser(ctx.auth);
  const s = scope(
    ctx.auth,
    { domain_name: args.domain_name, user: args.email },
    { own: me.email, autofill: false },
  );
  return and(
    s.domain_name ? { domain_name: { $eq: s.domain_name } } : undefined,
    s.user ? { user_id: { $eq: s.user } } : undefined,
    typeof args.is_active === 'boolean' ? { is_active: { $eq: args.is_active } } : undefined,
  );
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
    ctx.repos.keypairs.find(keypairsScope(ctx, args), [['created_at', -1]], 100),
  async keypair_list(_: unknown, args: KeypairsArgs & ListArgs, ctx: AdminContext) {
    const base = keypairsScope(ctx, args);
    const list = compileList(ctx, args, KEYPAIR_FIELDS, '-created_at');
    const page = await ctx.repos.keypairs.page(
      and(base, list.filter),
      list.sort,
      list.offset,
      list.limit,
    );
    return { items: page.items, total_count: page.total };
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

interface KeyPairProps {
  is_active?: boolean;
  is_admin?: boolean;
  resource_policy?: string;
  rate_limit?: number;
  concurrency_limit?: number | null;
}

async function requirePolicy(ctx: AdminContext, name: string | undefined): Promise<void> {
  if (name !== undefined && !(await ctx.repos.keypairPolicies.findOne({ _id: name }))) {
    throw new MissingReferenceError('keypair resource policy', name);
  }
}

export const keypairMutations = {
  create_keypair: mutation(
    async (
      {
        user_id,
        props,
      }: { user_id: string; props: Required<Omit<KeyPairProps, 'concurrency_limit'>> },
      ctx,
    ) => {
      const user = await ctx.repos.users.byEmail(user_id);
      if (!user) throw new MissingReferenceError('user', user_id);
      await requirePolicy(ctx, props.resource_policy);
      const { accessKey, secretKey } = generateKeypair();
      const keypair = await ctx.repos.keypairs.create({
        access_key: accessKey,
        secret_key: secretKey,
        user_id: user.email,
        user: user._id,
        domain_name: user.domain_name,
        is_active: props.is_active ?? true,
        is_admin: props.is_admin ?? false,
        resource_policy: props.resource_policy,
        rate_limit: props.rate_limit,
      });
      return { ...success, keypair };
    },
  ),
  modify_keypair: mutation(
    async ({ access_key, props }: { access_key: string; props: KeyPairProps }, ctx) => {
      await requirePolicy(ctx, props.resource_policy);
      const { concurrency_limit: _c, ...rest } = props;
      const kp = await ctx.repos.keypairs.update(
        { _id: access_key },
        { ...defined(rest), modified_at: new Date() },
      );
      if (!kp) return noMatch('keypair');
      await ctx.repos.signals.invalidate([access_key]);
      return success;
    },
  ),
  delete_keypair: mutation(async ({ access_key }: { access_key: string }, ctx) => {
    const kp = await ctx.repos.keypairs.findOne({ _id: access_key });
    if (!kp) return noMatch('keypair');
    if (await ctx.repos.users.findOne({ main_access_key: access_key })) {
      return { ok: false, msg: 'the main access key of a user cannot be deleted' };
    }
    await ctx.repos.store.transaction(async (session) => {
      await ctx.repos.sgroupAssocs.deleteMany({ owner: `keypair:${access_key}` }, session);
      await ctx.repos.keypairs.deleteMany({ _id: access_key }, session);
    });
    await ctx.repos.signals.invalidate([access_key]);
    return success;
  }),
};
