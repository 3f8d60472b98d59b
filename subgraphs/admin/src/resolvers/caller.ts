import type { AdminContext } from '../context';
import { requireUser } from '../rules';

/** The caller's access key: from the context, else its main keypair (token callers, dev principal). */
export async function callerAccessKey(ctx: AdminContext): Promise<string | undefined> {
  const me = requireUser(ctx.auth);
  if (me.accessKey) return me.accessKey;
  const doc = await ctx.loaders.userByEmail.load(me.email);
  return doc?.main_access_key ?? undefined;
}
