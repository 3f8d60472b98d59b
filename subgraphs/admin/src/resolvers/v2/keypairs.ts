import { GraphQLError } from 'graphql';
import type { KeyPairV2Resolvers, QueryResolvers } from '../../generated/resolvers';
import { is } from '../../data/connections/scope';
import { canSeeUser, requireSuperadmin, requireUser } from '../../rules';
import { windowOf } from '../relay/connection';
import { toGlobalId } from '../relay/globalId';

/** KeyPairV2Filter's rules and order live with the queries; named here for the listing-index test. */
export { KEYPAIR_V2_ORDER, KEYPAIR_V2_RULES } from '../../data/connections/keypairs';

export const v2KeypairQueries: QueryResolvers = {
  async myKeypairs(_, args, ctx) {
    const me = requireUser(ctx.auth);
    return ctx.connections.keypairs.pageV2(
      'myKeypairs',
      [is('owner', me.uuid)],
      args,
      windowOf(ctx, args),
    );
  },
  async adminKeypairV2(_, args, ctx) {
    requireSuperadmin(ctx.auth);
    const kp = await ctx.loaders.keypairByAccessKey.load(args.accessKey);
    if (!kp) throw new GraphQLError('Keypair not found.', { extensions: { code: 'NOT_FOUND' } });
    return kp;
  },
  async adminKeypairsV2(_, args, ctx) {
    requireSuperadmin(ctx.auth);
    return ctx.connections.keypairs.pageV2('adminKeypairsV2', [], args, windowOf(ctx, args));
  },
};

/** KeyPairV2 over a stored keypair: the sealed secret is never read here. */
export const KeyPairV2: KeyPairV2Resolvers = {
  id: (kp) => toGlobalId('KeyPairV2', kp._id),
  accessKey: (kp) => kp._id,
  isActive: (kp) => kp.is_active,
  isAdmin: (kp) => kp.is_admin,
  isDefault: async (kp, _, ctx) =>
    (await ctx.loaders.userById.load(kp.user))?.main_access_key === kp._id,
  createdAt: (kp) => kp.created_at,
  modifiedAt: (kp) => kp.modified_at,
  lastUsed: async (kp, _, ctx) => (await ctx.loaders.keypairStats.load(kp._id)).last_used,
  rateLimit: (kp) => kp.rate_limit,
  numQueries: async (kp, _, ctx) => (await ctx.loaders.keypairStats.load(kp._id)).num_queries,
  resourcePolicy: (kp) => kp.resource_policy,
  sshPublicKey: (kp) => kp.ssh_public_key ?? null,
  userId: (kp) => kp.user,
  async user(kp, _, ctx) {
    const u = await ctx.loaders.userById.load(kp.user);
    return u && canSeeUser(ctx.auth, u) ? u : null;
  },
};
