import { GraphQLError } from 'graphql';
import type { AdminContext } from '../../context';
import { is } from '../../data/connections/scope';
import type { KeyPairDoc } from '../../data/documents';
import { canSeeUser, requireSuperadmin, requireUser } from '../../rules';
import { windowOf } from '../relay/connection';
import { toGlobalId } from '../relay/globalId';
import type { V2ListArgs } from './args';

/** KeyPairV2Filter's rules and order live with the queries; named here for the listing-index test. */
export { KEYPAIR_V2_ORDER, KEYPAIR_V2_RULES } from '../../data/connections/keypairs';

export const v2KeypairQueries = {
  async myKeypairs(_: unknown, args: V2ListArgs, ctx: AdminContext) {
    const me = requireUser(ctx.auth);
    return ctx.connections.keypairs.pageV2(
      'myKeypairs',
      [is('owner', me.uuid)],
      args,
      windowOf(ctx, args),
    );
  },
  async adminKeypairV2(_: unknown, args: { accessKey: string }, ctx: AdminContext) {
    requireSuperadmin(ctx.auth);
    const kp = await ctx.loaders.keypairByAccessKey.load(args.accessKey);
    if (!kp) throw new GraphQLError('Keypair not found.', { extensions: { code: 'NOT_FOUND' } });
    return kp;
  },
  async adminKeypairsV2(_: unknown, args: V2ListArgs, ctx: AdminContext) {
    requireSuperadmin(ctx.auth);
    return ctx.connections.keypairs.pageV2('adminKeypairsV2', [], args, windowOf(ctx, args));
  },
};

/** KeyPairV2 over a stored keypair: the sealed secret is never read here. */
export const KeyPairV2 = {
  id: (kp: KeyPairDoc) => toGlobalId('KeyPairV2', kp._id),
  accessKey: (kp: KeyPairDoc) => kp._id,
  isActive: (kp: KeyPairDoc) => kp.is_active,
  isAdmin: (kp: KeyPairDoc) => kp.is_admin,
  isDefault: async (kp: KeyPairDoc, _: unknown, ctx: AdminContext) =>
    (await ctx.loaders.userById.load(kp.user))?.main_access_key === kp._id,
  createdAt: (kp: KeyPairDoc) => kp.created_at,
  modifiedAt: (kp: KeyPairDoc) => kp.modified_at,
  lastUsed: async (kp: KeyPairDoc, _: unknown, ctx: AdminContext) =>
    (await ctx.loaders.keypairStats.load(kp._id)).last_used,
  rateLimit: (kp: KeyPairDoc) => kp.rate_limit,
  numQueries: async (kp: KeyPairDoc, _: unknown, ctx: AdminContext) =>
    (await ctx.loaders.keypairStats.load(kp._id)).num_queries,
  resourcePolicy: (kp: KeyPairDoc) => kp.resource_policy,
  sshPublicKey: (kp: KeyPairDoc) => kp.ssh_public_key ?? null,
  userId: (kp: KeyPairDoc) => kp.user,
  async user(kp: KeyPairDoc, _: unknown, ctx: AdminContext) {
    const u = await ctx.loaders.userById.load(kp.user);
    return u && canSeeUser(ctx.auth, u) ? u : null;
  },
};
