import { primaryOf } from '../data/accountModel';
import { badInput, forbidden } from '../errors';
import { type FlowContext, settings, senderOf } from './access';
import { deliver, throttle } from './sender';

export interface LinkInput {
  accountId?: string | null;
  userName?: string | null;
  email?: string | null;
  locale?: string | null;
}

type LinkKind = 'password-reset' | 'account-activation';

async function resolveId(ctx: FlowContext, input: LinkInput): Promise<string | null> {
  const given = [input.accountId, input.userName, input.email].filter(
    (v) => typeof v === 'string' && v.length > 0,
  );
  if (given.length !== 1) throw badInput('Provide exactly one of accountId, userName or email');
  if (input.locale != null && (input.locale.length < 2 || input.locale.length > 20))
    throw badInput('locale must be 2 to 20 characters', 'locale');
  if (input.accountId) return input.accountId;
  const [id] = input.userName
    ? await ctx.repos.accounts.idsByUnique('userName', [input.userName])
    : await ctx.repos.accounts.idsByUnique('emails', [input.email ?? '']);
  return id ?? null;
}

/**
 * Mails a single-use link (token stored only hashed, expiring) to the account's primary email.
 * The owner or an administrator may ask; for anyone else an unknown account is FORBIDDEN too.
 * The page behind the link (the login service) consumes the token; this API only issues it.
 */
export async function sendLink(
  ctx: FlowContext,
  kind: LinkKind,
  input: LinkInput,
): Promise<{ result: boolean }> {
  const id = await resolveId(ctx, input);
  if (!id) {
    if (ctx.services.authz.reach(ctx.auth, 'update', 'accounts').kind !== 'all') throw forbidden();
    return { result: false };
  }
  ctx.services.authz.requireAccount(ctx.auth, 'update', id);
  const [account] = await ctx.repos.accounts.byIds([id]);
  const to = account ? primaryOf(account.emails) : undefined;
  if (!account || !to || (kind === 'account-activation' && account.active))
    return { result: false };
  const cfg = settings(ctx);
  await throttle(ctx.repos.selfService.store, cfg, id);
  const states = ctx.repos.selfService.states;
  const token = states.newState();
  await states.save(token, kind, id, {}, cfg.links.ttlMs);
  const link = new URL(kind === 'password-reset' ? cfg.links.passwordReset : cfg.links.activation);
  link.searchParams.set('token', token);
  await deliver(
    senderOf(ctx),
    {
      channel: 'email',
      to,
      purpose: kind,
      accountId: id,
      link: link.toString(),
      ...(input.locale ? { locale: input.locale } : {}),
    },
    ctx.logger,
  );
  return { result: true };
}
