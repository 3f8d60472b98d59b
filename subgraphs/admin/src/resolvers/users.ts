import { GraphQLError } from 'graphql';
import type { AdminContext } from '../context';
import { type Role, ROLES, type UserDoc, USER_STATUSES, type UserStatus } from '../data/documents';
import type { UserFilter } from '../data/usersRepository';
import { USER_FIELDS } from '../minilang/fields';
import { hashPassword } from '../passwords';
import { canSeeUser, requireUser, scope } from '../rules';
import { userListScope } from '../scopes';
import type {
  ModifyUserInput,
  MutationResolvers,
  QueryResolvers,
  QueryUsersArgs,
} from '../generated/resolvers';
import { listPage, listQuery, mutation, noMatch, patchOf, success, textItems } from './helpers';

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

/** users / user_list: the rules' scope plus the arguments' conditions. */
function usersFilter(ctx: AdminContext, args: QueryUsersArgs): UserFilter {
  return {
    ...userListScope(ctx.auth, args.domain_name),
    isActive: typeof args.is_active === 'boolean' ? args.is_active : undefined,
    status: args.status ? userStatus(args.status) : undefined,
    groupId: args.group_id || undefined,
  };
}

async function visibleUser(
  ctx: AdminContext,
  doc: UserDoc | null,
  domain: string | undefined,
): Promise<UserDoc | null> {
  if (!doc || (domain && doc.domain_name !== domain)) return null;
  return canSeeUser(ctx.auth, doc) ? doc : null;
}

export const userQueries: QueryResolvers = {
  async user(_, args, ctx) {
    const me = requireUser(ctx.auth);
    const s = scope(
      ctx.auth,
      { domain_name: args.domain_name, user: args.email },
      { own: me.email, autofill: true },
    );
    // autofill: scope() always answers a user key; the fallback only narrows the type.
    const email = s.user ?? me.email;
    return visibleUser(ctx, await ctx.loaders.userByEmail.load(email), s.domain_name);
  },
  async user_from_uuid(_, args, ctx) {
    const me = requireUser(ctx.auth);
    const s = scope(
      ctx.auth,
      { domain_name: args.domain_name, user: args.user_id?.toLowerCase() },
      { own: me.uuid, autofill: true },
    );
    // autofill: scope() always answers a user key; the fallback only narrows the type.
    const uuid = s.user ?? me.uuid;
    return visibleUser(ctx, await ctx.loaders.userById.load(uuid), s.domain_name);
  },
  users: (_, args, ctx) => ctx.repos.users.listScoped(usersFilter(ctx, args)),
  async user_list(_, args, ctx) {
    const filter = usersFilter(ctx, args);
    const query = listQuery(ctx, args, USER_FIELDS, '-created_at');
    return listPage(await ctx.repos.users.pageScoped(filter, query));
  },
};

/** Status and is_active move together, as upstream keeps them consistent. */
function statusFields(props: ModifyUserInput): Partial<UserDoc> {
  if (props.status) {
    const status = userStatus(props.status);
    return { status, is_active: props.is_active ?? status === 'active' };
  }
  if (typeof props.is_active === 'boolean')
    return { is_active: props.is_active, status: props.is_active ? 'active' : 'inactive' };
  return {};
}

async function userFields(props: ModifyUserInput): Promise<Partial<UserDoc>> {
  const { password, status: _s, is_active: _a, role, group_ids: _g, ...rest } = props;
  return {
    ...patchOf<UserDoc>(rest),
    ...statusFields(props),
    ...(role ? { role: userRole(role) } : {}),
    ...(password ? { password: await hashPassword(password) } : {}),
  };
}

export const userMutations: MutationResolvers = {
  create_user: mutation(async ({ email, props }, ctx) => {
    const fields = await userFields({ status: 'active', ...props });
    const user = await ctx.repos.users.create(
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
      textItems(props.group_ids ?? []),
    );
    return { ...success, user };
  }),
  modify_user: mutation(async ({ email, props }, ctx) => {
    if (
      props.main_access_key &&
      !(await ctx.repos.keypairs.isOwnedBy(props.main_access_key, email))
    )
      return { ok: false, msg: "main_access_key must be one of the user's own keypairs" };
    const fields = await userFields(props);
    const groups = props.group_ids ? textItems(props.group_ids) : undefined;
    const user = await ctx.repos.users.modify(email, fields, groups);
    return user ? { ...success, user } : noMatch('user');
  }),
  delete_user: mutation(async ({ email }, ctx) =>
    (await ctx.repos.users.softDelete(email)) ? success : noMatch('user'),
  ),
  purge_user: mutation(async ({ email }, ctx) =>
    (await ctx.repos.users.purge(email)) ? success : noMatch('user'),
  ),
};
