import type { UserResolvers } from '../generated/resolvers';
import { canSeeUser } from '../rules';
import { userDefaults } from './userDefaults';

/** Field resolvers for User; relations go through the request's DataLoaders. */
export const User: UserResolvers = {
  async __resolveReference(ref, ctx) {
    const doc =
      'email' in ref && ref.email
        ? await ctx.loaders.userByEmail.load(ref.email)
        : 'uuid' in ref && ref.uuid
          ? await ctx.loaders.userById.load(ref.uuid.toLowerCase())
          : null;
    return doc && canSeeUser(ctx.auth, doc) ? doc : null;
  },
  id: (u) => u._id,
  uuid: (u) => u._id,
  ...userDefaults,
  async groups(u, _, ctx) {
    const memberships = await ctx.loaders.membershipsByUser.load(u._id);
    const groups = await ctx.loaders.groupById.loadMany(memberships.map((m) => m.group_id));
    return groups.flatMap((g) => (g && !(g instanceof Error) ? [{ id: g._id, name: g.name }] : []));
  },
  keypairs: (u, _, ctx) => ctx.loaders.keypairsByUser.load(u._id),
  domain: (u, _, ctx) => ctx.loaders.domainByName.load(u.domain_name),
};
