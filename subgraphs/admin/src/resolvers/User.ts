import type { UserDoc } from "../data/documents";
import type { AdminContext } from '../context';
import { canSeeUser } from '../rules';

type UserRef = { email?: string; uuid?: string };

export const User = {
  async __resolveReference(ref: UserRef, ctx: AdminContext): Promise<UserDoc | null> {
    const doc = ref.email
      ? await ctx.loaders.userByEmail.load(ref.email)
      : ref.uuid
        ? await ctx.loaders.userById.load(ref.uuid.toLowerCase())
        : null;
    return doc && canSeeUser(ctx.auth, doc) ? doc : null;
  },
  id: (u: UserDoc) => Buffer.from(`User:${u._id}`).toString('base64'),
  uuid: (u: UserDoc) => u._id,
};
