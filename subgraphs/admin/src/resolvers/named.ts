import type { ClientSession } from 'mongodb';
import type { AdminContext } from '../context';
import type { BaseRepository } from '../data/baseRepository';
import type { RecordDoc } from '../data/documents';
import { defined, encodeProps, mutation, noMatch, success } from './helpers';

type RepoKey = 'keypairPolicies' | 'userPolicies' | 'projectPolicies' | 'presets' | 'scalingGroups';

export interface NamedSpec {
  repo: RepoKey;
  /** Lowercased class name for "no matching …". */
  what: string;
  /** The payload field carrying the created item. */
  payload: string;
  jsonProps: readonly string[];
  defaults?: Record<string, unknown>;
  /** Checks or rewrites props before they are stored. */
  prepare?: (props: Record<string, unknown>) => Record<string, unknown>;
  /** Runs in the delete's transaction (e.g. dropping associations). */
  onDelete?: (ctx: AdminContext, name: string, session: ClientSession) => Promise<void>;
}

const repoOf = (ctx: AdminContext, key: RepoKey): BaseRepository<RecordDoc> => ctx.repos[key];

/** create/modify/delete for the name-keyed records: policies, presets, scaling groups. */
export function namedMutations(spec: NamedSpec) {
  const prepare = (props: Record<string, unknown>) =>
    encodeProps(defined(spec.prepare ? spec.prepare(props) : props), spec.jsonProps);
  return {
    create: mutation(
      async ({ name, props }: { name: string; props: Record<string, unknown> }, ctx) => {
        const item = await repoOf(ctx, spec.repo).insert({
          ...(spec.defaults ?? {}),
          ...prepare(props),
          _id: name,
          name,
          created_at: new Date(),
        });
        return { ...success, [spec.payload]: item };
      },
    ),
    modify: mutation(
      async ({ name, props }: { name: string; props: Record<string, unknown> }, ctx) =>
        (await repoOf(ctx, spec.repo).update({ _id: name }, prepare(props)))
          ? success
          : noMatch(spec.what),
    ),
    delete: mutation(async ({ name }: { name: string }, ctx) => {
      if (!(await repoOf(ctx, spec.repo).findOne({ _id: name }))) return noMatch(spec.what);
      await ctx.repos.store.transaction(async (session) => {
        await spec.onDelete?.(ctx, name, session);
        await repoOf(ctx, spec.repo).deleteMany({ _id: name }, session);
      });
      return success;
    }),
  };
}
