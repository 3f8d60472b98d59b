import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { Document } from 'mongodb';
import type { AdminContext } from '../context';
import type { GroupDoc } from '../data/documents';
import { MissingReferenceError } from '../data/errors';
import {
  denied,
  insufficientPrivilege,
  isDomainReader,
  mayChangeInDomain,
  requireOwnDomain,
  requireUser,
} from '../rules';
import { and, defined, encodeProps, jsonFields, mutation, noMatch, success } from './helpers';

const JSON_PROPS = ['total_resource_slots', 'allowed_vfolder_hosts', 'container_registry'];

/** SA any group; admins and monitors their domain's; plain users only groups they belong to. */
async function assertCanSee(ctx: AdminContext, group: GroupDoc): Promise<void> {
  const me = requireUser(ctx.auth);
  if (me.role === 'superadmin') return;
  if (isDomainReader(me)) {
    if (group.domain_name !== me.domain) throw insufficientPrivilege();
    return;
  }
  const memberships = await ctx.loaders.membershipsByUser.load(me.uuid);
  if (!memberships.some((m) => m.group_id === group._id)) throw insufficientPrivilege();
}

const typeFilter = (types?: string[] | null) =>
  types && types.length > 0 ? { type: { $in: types.map((t) => t.toUpperCase()) } } : undefined;

export const groupQueries = {
  async group(
    _: unknown,
    args: { id: string; domain_name?: string | null; type?: string[] | null },
    ctx: AdminContext,
  ) {
    requireOwnDomain(requireUser(ctx.auth), args.domain_name);
    const group = await ctx.loaders.groupById.load(args.id);
    if (!group || (args.domain_name && group.domain_name !== args.domain_name)) return null;
    if (
      args.type &&
      args.type.length > 0 &&
      !args.type.map((t) => t.toUpperCase()).includes(group.type)
    )
      return null;
    await assertCanSee(ctx, group);
    return group;
  },
  async groups_by_name(
    _: unknown,
    args: { name: string; domain_name?: string | null },
    ctx: AdminContext,
  ) {
    requireOwnDomain(requireUser(ctx.auth), args.domain_name);
    const groups = await ctx.repos.groups.find(
      and(
        { name: { $eq: args.name } },
        args.domain_name ? { domain_name: { $eq: args.domain_name } } : undefined,
      ),
    );
    for (const g of groups) await assertCanSee(ctx, g);
    return groups;
  },
  async groups(
    _: unknown,
    args: { domain_name?: string | null; is_active?: boolean | null; type?: string[] | null },
    ctx: AdminContext,
  ) {
    const me = requireUser(ctx.auth);
    requireOwnDomain(me, args.domain_name);
    let scope: Document | undefined;
    if (me.role === 'superadmin')
      scope = args.domain_name ? { domain_name: { $eq: args.domain_name } } : undefined;
    else if (isDomainReader(me)) scope = { domain_name: { $eq: me.domain } };
    else
      scope = {
        _id: { $in: (await ctx.loaders.membershipsByUser.load(me.uuid)).map((m) => m.group_id) },
      };
    const active =
      typeof args.is_active === 'boolean' ? { is_active: { $eq: args.is_active } } : undefined;
    return ctx.repos.groups.find(and(scope, active, typeFilter(args.type)), [['name', 1]]);
  },
};

export const Group = {
  id: (g: GroupDoc) => g._id,
  ...jsonFields(...JSON_PROPS),
  scaling_groups: (g: GroupDoc, _: unknown, ctx: AdminContext) =>
    ctx.loaders.scalingGroupsByOwner.load(`group:${g._id}`),
};

interface GroupProps {
  type?: string;
  description?: string;
  is_active?: boolean;
  domain_name?: string;
  total_resource_slots?: unknown;
  allowed_vfolder_hosts?: unknown;
  integration_id?: string | null;
  resource_policy?: string;
  container_registry?: unknown;
  name?: string;
  user_update_mode?: string | null;
  user_uuids?: (string | null)[] | null;
}

function groupType(t: string | undefined): string {
  const v = (t ?? 'GENERAL').toUpperCase();
  if (v !== 'GENERAL' && v !== 'MODEL_STORE')
    throw new GraphQLError(`type must be GENERAL or MODEL_STORE, got "${t}"`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  return v;
}

export const groupMutations = {
  create_group: mutation(
    async ({ name, props }: { name: string; props: GroupProps & { domain_name: string } }, ctx) => {
      if (!mayChangeInDomain(ctx.auth, props.domain_name)) return denied('create_group');
      if (!(await ctx.repos.domains.findOne({ _id: props.domain_name })))
        throw new MissingReferenceError('domain', props.domain_name);
      const now = new Date();
      const { user_update_mode: _m, user_uuids: _u, ...rest } = props;
      const group = await ctx.repos.groups.insert({
        description: '',
        is_active: true,
        integration_id: null,
        resource_policy: 'default',
        ...(encodeProps(defined(rest), JSON_PROPS) as Partial<GroupDoc>),
        total_resource_slots: JSON.stringify(props.total_resource_slots ?? {}),
        allowed_vfolder_hosts: JSON.stringify(props.allowed_vfolder_hosts ?? {}),
        container_registry: JSON.stringify(props.container_registry ?? {}),
        type: groupType(props.type),
        _id: randomUUID(),
        name,
        domain_name: props.domain_name,
        created_at: now,
        modified_at: now,
      });
      return { ...success, group };
    },
  ),
  modify_group: mutation(async ({ gid, props }: { gid: string; props: GroupProps }, ctx) => {
    const current = await ctx.repos.groups.findOne({ _id: gid });
    if (
      !mayChangeInDomain(ctx.auth, current?.domain_name) ||
      (props.domain_name && !mayChangeInDomain(ctx.auth, props.domain_name))
    ) {
      return denied('modify_group');
    }
    if (!current) return noMatch('group');
    const { user_update_mode: mode, user_uuids: uuids, ...rest } = props;
    if (mode && mode !== 'add' && mode !== 'remove')
      return { ok: false, msg: 'user_update_mode must be "add" or "remove"' };
    const asked = (uuids ?? [])
      .filter((u): u is string => typeof u === 'string')
      .map((u) => u.toLowerCase());
    // Only existing users of the group's domain can join it.
    const ids =
      mode === 'add'
        ? (
            await ctx.repos.users.find({ _id: { $in: asked }, domain_name: current.domain_name })
          ).map((u) => u._id)
        : asked;
    const group = await ctx.repos.store.transaction(async (session) => {
      const g = await ctx.repos.groups.update(
        { _id: gid },
        {
          ...encodeProps(
            defined({ ...rest, ...(rest.type ? { type: groupType(rest.type) } : {}) }),
            JSON_PROPS,
          ),
          modified_at: new Date(),
        },
        session,
      );
      if (mode === 'add') await ctx.repos.members.add(gid, ids, session);
      if (mode === 'remove') await ctx.repos.members.remove(gid, ids, session);
      return g;
    });
    return { ...success, group };
  }),
  delete_group: mutation(async ({ gid }: { gid: string }, ctx) => {
    const current = await ctx.repos.groups.findOne({ _id: gid });
    if (!mayChangeInDomain(ctx.auth, current?.domain_name)) return denied('delete_group');
    if (!current) return noMatch('group');
    await ctx.repos.groups.update({ _id: gid }, { is_active: false, modified_at: new Date() });
    return success;
  }),
  purge_group: mutation(async ({ gid }: { gid: string }, ctx) => {
    const current = await ctx.repos.groups.findOne({ _id: gid });
    if (!mayChangeInDomain(ctx.auth, current?.domain_name)) return denied('purge_group');
    if (!current) return noMatch('group');
    await ctx.repos.store.transaction(async (session) => {
      await ctx.repos.members.deleteMany({ group_id: gid }, session);
      await ctx.repos.sgroupAssocs.deleteMany({ owner: `group:${gid}` }, session);
      await ctx.repos.groups.deleteMany({ _id: gid }, session);
    });
    return success;
  }),
};
