import { GraphQLError } from 'graphql';
import type { Document } from 'mongodb';
import type { AdminContext } from '../context';
import { type Role, ROLES, type UserDoc, USER_STATUSES, type UserStatus } from '../data/documents';
import { MissingReferenceError } from '../data/errors';
import { createUser, modifyUser, purgeUser, softDeleteUser } from '../data/userOperations';
import { USER_FIELDS } from '../minilang/fields';
import { hashPassword } from '../passwords';
import { canSeeUser, insufficientPrivilege, requireOwnDomain, requireUser, scope } from '../rules';
import { and, compileList, defined, type ListArgs, mutation, noMatch, success } from './helpers';

const badInput = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

function userStatus(value: string): UserStatus {
  const hit = USER_STATUSES.find(
    (s) => s === value.toLowerCase() || s.replace('-', '_') === value.toLowerCase(),
  );
  if (!hit) throw badInput(`status must be one of ${USER_STATUSES.join(', ')}, got "${value}"`);
  return hit;
}

function userRole(value: string): Role {
  const hit = ROLES.find((r) => r === value.toLowerCase());
  if (!hit) throw badInput(`role must be one of ${ROLES.join(', ')}, got "${value}"`);
  return hit;
}

interface UsersArgs {
  domain_name?: string | null;
  group_id?: string | null;
  is_active?: boolean | null;
  status?: string | null;
}

/** users / user_list: superadmin any domain, admin and monitor their own (another is refused), plain users refused. */
async function usersScope(ctx: AdminContext, args: UsersArgs): Promise<Document> {
  const me = requireUser(ctx.auth);
  if (me.role === 'user') throw insufficientPrivilege();
  requireOwnDomain(me, args.domain_name);
  const domain = me.role === 'superadmin' ? args.domain_name : me.domain;
  const members = args.group_id ? await ctx.repos.members.userIdsOf(args.group_id) : undefined;
  return and(
    domain ? { domain_name: { $eq: domain } } : undefined,
    typeof args.is_active === 'boolean' ? { is_active: { $eq: args.is_active } } : undefined,
    args.status ? { status: { $eq: userStatus(args.status) } } : undefined,
    members ? { _id: { $in: members } } : undefined,
  );
}

async function visibleUser(
  ctx: AdminContext,
  doc: UserDoc | null,
  domain: string | undefined,
): Promise<UserDoc | null> {
  if (!doc || (domain && doc.domain_name !== domain)) return null;
  return canSeeUser(ctx.auth, doc) ? doc : null;
}

export const userQueries = {
  async user(
    _: unknown,
    args: { domain_name?: string | null; email?: string | null },
    ctx: AdminContext,
  ) {
    const me = requireUser(ctx.auth);
    const s = scope(
      ctx.auth,
      { domain_name: args.domain_name, user: args.email },
      { own: me.email, autofill: true },
    );
    return visibleUser(ctx, await ctx.loaders.userByEmail.load(s.user as string), s.domain_name);
  },
  async user_from_uuid(
    _: unknown,
    args: { domain_name?: string | null; user_id?: string | null },
    ctx: AdminContext,
  ) {
    const me = requireUser(ctx.auth);
    const s = scope(
      ctx.auth,
      { domain_name: args.domain_name, user: args.user_id?.toLowerCase() },
      { own: me.uuid, autofill: true },
    );
    return visibleUser(ctx, await ctx.loaders.userById.load(s.user as string), s.domain_name);
  },
  async users(_: unknown, args: UsersArgs, ctx: AdminContext) {
    return ctx.repos.users.find(await usersScope(ctx, args), [['created_at', -1]], 100);
  },
  async user_list(_: unknown, args: UsersArgs & ListArgs, ctx: AdminContext) {
    const base = await usersScope(ctx, args);
    const list = compileList(ctx, args, USER_FIELDS, '-created_at');
    const page = await ctx.repos.users.page(
      and(base, list.filter),
      list.sort,
      list.offset,
      list.limit,
    );
    return { items: page.items, total_count: page.total };
  },
};

interface UserProps {
  username?: string;
  password?: string;
  need_password_change?: boolean;
  full_name?: string;
  description?: string;
  is_active?: boolean;
  status?: string;
  domain_name?: string;
  role?: string;
  group_ids?: string[] | null;
  allowed_client_ip?: string[] | null;
  totp_activated?: boolean;
  resource_policy?: string;
  sudo_session_enabled?: boolean;
  main_access_key?: string;
}

/** Status and is_active move together, as upstream keeps them consistent. */
function statusFields(props: UserProps): Partial<UserDoc> {
  if (props.status) {
    const status = userStatus(props.status);
    return { status, is_active: props.is_active ?? status === 'active' };
  }
  if (typeof props.is_active === 'boolean')
    return { is_active: props.is_active, status: props.is_active ? 'active' : 'inactive' };
  return {};
}

async function userFields(props: UserProps): Promise<Partial<UserDoc>> {
  const { password, status: _s, is_active: _a, role, group_ids: _g, ...rest } = props;
  return defined({
    ...rest,
    ...statusFields(props),
    ...(role ? { role: userRole(role) } : {}),
    ...(password ? { password: await hashPassword(password) } : {}),
  });
}

/** Upstream's foreign keys: a user's domain and resource policy must exist. */
async function requireRefs(ctx: AdminContext, fields: Partial<UserDoc>): Promise<void> {
  if (fields.domain_name && !(await ctx.repos.domains.findOne({ _id: fields.domain_name }))) {
    throw new MissingReferenceError('domain', fields.domain_name);
  }
  if (
    fields.resource_policy &&
    !(await ctx.repos.userPolicies.findOne({ _id: fields.resource_policy }))
  ) {
    throw new MissingReferenceError('user resource policy', fields.resource_policy);
  }
}

export const userMutations = {
  create_user: mutation(
    async (
      {
        email,
        props,
      }: { email: string; props: UserProps & { username: string; password: string } },
      ctx,
    ) => {
      const fields = await userFields({ status: 'active', ...props });
      await requireRefs(ctx, { domain_name: 'default', resource_policy: 'default', ...fields });
      const user = await createUser(
        ctx.repos,
        {
          email,
          username: props.username,
          full_name: '',
          description: '',
          role: 'user',
          domain_name: 'default',
          resource_policy: 'default',
          allowed_client_ip: null,
          totp_activated: false,
          totp_activated_at: null,
          sudo_session_enabled: false,
          need_password_change: false,
          is_active: true,
          status: 'active',
          status_info: null,
          ...fields,
        },
        props.group_ids ?? [],
      );
      return { ...success, user };
    },
  ),
  modify_user: mutation(async ({ email, props }: { email: string; props: UserProps }, ctx) => {
    if (props.main_access_key) {
      const kp = await ctx.repos.keypairs.findOne({ _id: props.main_access_key, user_id: email });
      if (!kp) return { ok: false, msg: "main_access_key must be one of the user's own keypairs" };
    }
    const fields = await userFields(props);
    await requireRefs(ctx, fields);
    const user = await modifyUser(ctx.repos, email, fields, props.group_ids ?? undefined);
    return user ? { ...success, user } : noMatch('user');
  }),
  delete_user: mutation(async ({ email }: { email: string }, ctx) =>
    (await softDeleteUser(ctx.repos, email)) ? success : noMatch('user'),
  ),
  purge_user: mutation(async ({ email }: { email: string }, ctx) =>
    (await purgeUser(ctx.repos, email)) ? success : noMatch('user'),
  ),
};
