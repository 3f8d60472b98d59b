import { GraphQLError } from 'graphql';
import type {
  MutationResolvers,
  QueryResolvers,
  ResourcePresetResolvers,
} from '../generated/resolvers';
import { requireUser } from '../rules';
import { jsonFields } from './helpers';
import { namedMutations } from './named';

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 2 ** 10,
  m: 2 ** 20,
  g: 2 ** 30,
  t: 2 ** 40,
  p: 2 ** 50,
};

/** "1g", "512m", "1073741824" -> bytes; anything else is an input error. */
export function parseBinarySize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([bkmgtp]?)(?:i?b)?\s*$/i.exec(text);
  const bytes = m ? Math.round(Number(m[1]) * (UNITS[(m[2] ?? '').toLowerCase()] ?? NaN)) : NaN;
  if (!Number.isSafeInteger(bytes)) {
    throw new GraphQLError(
      `shared_memory must be a binary size such as "1g" or "512m", got "${text}"`,
      { extensions: { code: 'BAD_USER_INPUT' } },
    );
  }
  return bytes;
}

export const presetQueries: QueryResolvers = {
  resource_preset: (_, args, ctx) => {
    requireUser(ctx.auth);
    return args.name ? ctx.repos.presets.byName(args.name) : null;
  },
  resource_presets: (_, __, ctx) => {
    requireUser(ctx.auth);
    return ctx.repos.presets.listAll();
  },
};

export const ResourcePreset: ResourcePresetResolvers = jsonFields('resource_slots');

const crud = namedMutations({
  repo: 'presets',
  what: 'resourcepreset',
  payload: 'resource_preset',
  jsonProps: ['resource_slots'],
  prepare: (props) => ({
    ...props,
    ...(typeof props.shared_memory === 'string'
      ? { shared_memory: parseBinarySize(props.shared_memory) }
      : {}),
  }),
});

export const presetMutations: MutationResolvers = {
  create_resource_preset: crud.create,
  modify_resource_preset: crud.modify,
  delete_resource_preset: crud.delete,
};
