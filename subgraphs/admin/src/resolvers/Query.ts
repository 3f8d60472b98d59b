import type { AdminContext } from '../context';
import type { UserDoc } from "../data/documents";
import { canSeeUser, requireUser } from '../rules';

export const Query = {
  async user(_: unknown, args: { email?: string | null }, ctx: AdminContext): Promise<UserDoc | null> {
    const email = args.email ?? requireUser(ctx.auth).email;
    const doc = await ctx.loaders.userByEmail.load(email);
    return doc && canSeeUser(ctx.auth, doc) ? doc : null;
  },
};
