import { GraphQLError } from 'graphql';
import type { AdminContext } from '../context';
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

export const presetQueries = {
  resource_preset: (_: unknown, args: { name?: string | null }, ctx: AdminContext) => {
    requireUser(ctx.auth);
    return args.name ? ctx.repos.presets.byName(args.name) : null;
  },
  resource_presets: (_: unknown, __: unknown, ctx: AdminContext) => {
    requireUser(ctx.auth);
    return ctx.repos.presets.listAll();
  },
};

export const ResourcePreset = jsonFields('resource_slots');

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

export const presetMutations = {
  create_resource_preset: crud.create,
  modify_resource_preset: crud.modify,
  delete_resource_preset: crud.delete,
};
