import type { AdminContext } from '../context';
import type { UserDoc } from '../data/documents';
import { canSeeUser } from '../rules';

type UserRef = { email?: string; uuid?: string };

/** Field resolvers for User; relations go through the request's DataLoaders. */
export const User = {
  async __resolveReference(ref: UserRef, ctx: AdminContext): Promise<UserDoc | null> {
    const doc = ref.email
      ? await ctx.loaders.userByEmail.load(ref.email)
      : ref.uuid
        ? await ctx.loaders.userById.load(ref.uuid.toLowerCase())
        : null;
    return doc && canSeeUser(ctx.auth, doc) ? doc : null;
  },
  id: (u: UserDoc) => u._id,
  uuid: (u: UserDoc) => u._id,
  description: (u: UserDoc) => u.description ?? '',
  need_password_change: (u: UserDoc) => u.need_password_change ?? false,
  status: (u: UserDoc) => u.status ?? (u.is_active ? 'active' : 'inactive'),
  resource_policy: (u: UserDoc) => u.resource_policy ?? 'default',
  totp_activated: (u: UserDoc) => u.totp_activated ?? false,
  sudo_session_enabled: (u: UserDoc) => u.sudo_session_enabled ?? false,
  async groups(u: UserDoc, _: unknown, ctx: AdminContext) {
    const memberships = await ctx.loaders.membershipsByUser.load(u._id);
    const groups = await ctx.loaders.groupById.loadMany(memberships.map((m) => m.group_id));
    return groups.flatMap((g) => (g && !(g instanceof Error) ? [{ id: g._id, name: g.name }] : []));
  },
  keypairs: (u: UserDoc, _: unknown, ctx: AdminContext) => ctx.loaders.keypairsByUser.load(u._id),
  domain: (u: UserDoc, _: unknown, ctx: AdminContext) =>
    ctx.loaders.domainByName.load(u.domain_name),
};
