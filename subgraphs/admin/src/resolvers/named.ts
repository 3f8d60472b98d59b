import type { AdminContext } from '../context';
import type { NamedRepository } from '../data/namedRepository';
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
}

const repoOf = (ctx: AdminContext, key: RepoKey): NamedRepository => ctx.repos[key];

/**
 * create/modify/delete for the name-keyed records: policies, presets, scaling groups. What a
 * delete takes along (a scaling group's associations) is the repository's business.
 */
export function namedMutations(spec: NamedSpec) {
  const prepare = (props: Record<string, unknown>) =>
    encodeProps(defined(spec.prepare ? spec.prepare(props) : props), spec.jsonProps);
  return {
    create: mutation(
      async ({ name, props }: { name: string; props: Record<string, unknown> }, ctx) => {
        const item = await repoOf(ctx, spec.repo).create(name, {
          ...(spec.defaults ?? {}),
          ...prepare(props),
        });
        return { ...success, [spec.payload]: item };
      },
    ),
    modify: mutation(
      async ({ name, props }: { name: string; props: Record<string, unknown> }, ctx) =>
        (await repoOf(ctx, spec.repo).modify(name, prepare(props))) ? success : noMatch(spec.what),
    ),
    delete: mutation(async ({ name }: { name: string }, ctx) =>
      (await repoOf(ctx, spec.repo).remove(name)) ? success : noMatch(spec.what),
    ),
  };
}
