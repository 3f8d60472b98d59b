import { GraphQLError } from 'graphql';
import type { AdminContext } from '../context';
import type {
  KeyPairResourcePolicyResolvers,
  MutationResolvers,
  ProjectResourcePolicyResolvers,
  QueryResolvers,
  UserResourcePolicyResolvers,
} from '../generated/resolvers';
import { requireUser } from '../rules';
import { callerAccessKey } from './caller';
import { jsonFields } from './helpers';
import { namedMutations } from './named';

const KP_JSON = [
  'total_resource_slots',
  'allowed_vfolder_hosts',
  'max_pending_session_resource_slots',
] as const;

function prepareKeypairPolicy(props: Record<string, unknown>): Record<string, unknown> {
  const d = props.default_for_unspecified;
  if (typeof d === 'string' && d !== 'LIMITED' && d !== 'UNLIMITED') {
    throw new GraphQLError(`default_for_unspecified must be LIMITED or UNLIMITED, got "${d}"`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return props;
}

/** The policy names a plain user may see: those of its own keypairs. */
async function ownKeypairPolicies(ctx: AdminContext): Promise<string[]> {
  const me = requireUser(ctx.auth);
  return [
    ...new Set((await ctx.loaders.keypairsByUser.load(me.uuid)).map((k) => k.resource_policy)),
  ];
}

export const policyQueries: QueryResolvers = {
  async keypair_resource_policy(_, args, ctx) {
    let name = args.name;
    if (!name) {
      const ak = await callerAccessKey(ctx);
      name = ak ? (await ctx.loaders.keypairByAccessKey.load(ak))?.resource_policy : undefined;
    }
    return name ? ctx.repos.keypairPolicies.byName(name) : null;
  },
  async keypair_resource_policies(_, __, ctx) {
    const me = requireUser(ctx.auth);
    return me.role === 'user'
      ? ctx.repos.keypairPolicies.listNamed(await ownKeypairPolicies(ctx))
      : ctx.repos.keypairPolicies.listAll();
  },
  async user_resource_policy(_, args, ctx) {
    const me = requireUser(ctx.auth);
    const name = args.name ?? (await ctx.loaders.userByEmail.load(me.email))?.resource_policy;
    return name ? ctx.repos.userPolicies.byName(name) : null;
  },
  async user_resource_policies(_, __, ctx) {
    const me = requireUser(ctx.auth);
    const own =
      me.role === 'user'
        ? (await ctx.loaders.userByEmail.load(me.email))?.resource_policy
        : undefined;
    return me.role === 'user'
      ? ctx.repos.userPolicies.listNamed([own ?? ''])
      : ctx.repos.userPolicies.listAll();
  },
  project_resource_policy: (_, args, ctx) => {
    requireUser(ctx.auth);
    return ctx.repos.projectPolicies.byName(args.name);
  },
  project_resource_policies(_, __, ctx) {
    const me = requireUser(ctx.auth);
    if (me.role === 'user')
      throw new GraphQLError('Unknown client role', { extensions: { code: 'FORBIDDEN' } });
    return ctx.repos.projectPolicies.listAll();
  },
};

export const KeyPairResourcePolicy: KeyPairResourcePolicyResolvers = jsonFields(...KP_JSON);
export const UserResourcePolicy: UserResourcePolicyResolvers = { id: (p) => p._id };
export const ProjectResourcePolicy: ProjectResourcePolicyResolvers = { id: (p) => p._id };

const kp = namedMutations({
  repo: 'keypairPolicies',
  what: 'keypairresourcepolicy',
  payload: 'resource_policy',
  jsonProps: KP_JSON,
  defaults: {
    total_resource_slots: '{}',
    max_session_lifetime: 0,
    max_concurrent_sftp_sessions: 1,
    allowed_vfolder_hosts: '{}',
  },
  prepare: prepareKeypairPolicy,
});
const up = namedMutations({
  repo: 'userPolicies',
  what: 'userresourcepolicy',
  payload: 'resource_policy',
  jsonProps: [],
});
const pp = namedMutations({
  repo: 'projectPolicies',
  what: 'projectresourcepolicy',
  payload: 'resource_policy',
  jsonProps: [],
});

export const policyMutations: MutationResolvers = {
  create_keypair_resource_policy: kp.create,
  modify_keypair_resource_policy: kp.modify,
  delete_keypair_resource_policy: kp.delete,
  create_user_resource_policy: up.create,
  modify_user_resource_policy: up.modify,
  delete_user_resource_policy: up.delete,
  create_project_resource_policy: pp.create,
  modify_project_resource_policy: pp.modify,
  delete_project_resource_policy: pp.delete,
};
