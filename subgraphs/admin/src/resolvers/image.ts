import type { Document } from 'mongodb';
import type { AdminContext } from '../context';
import type { RecordDoc } from '../data/documents';
import { requireUser } from '../rules';
import { and, defined, mutation, noMatch, success } from './helpers';

/** Non-superadmins see only images from registries their domain allows. */
async function registryScope(ctx: AdminContext): Promise<Document | undefined> {
  const me = requireUser(ctx.auth);
  if (me.role === 'superadmin') return undefined;
  const domain = await ctx.loaders.domainByName.load(me.domain);
  return { registry: { $in: domain?.allowed_docker_registries ?? [] } };
}

/** A reference is `registry/name:tag` or an alias. */
function byReference(reference: string, architecture: string): Document {
  return and(
    { $or: [{ ref: { $eq: reference } }, { aliases: { $eq: reference } }] },
    { architecture: { $eq: architecture } },
  );
}

export const imageQueries = {
  async image(
    _: unknown,
    args: { id?: string | null; reference?: string | null; architecture: string },
    ctx: AdminContext,
  ) {
    const key = args.id
      ? { _id: { $eq: args.id.toLowerCase() } }
      : args.reference
        ? byReference(args.reference, args.architecture)
        : undefined;
    if (!key) return null;
    return ctx.repos.images.findOne(and(key, await registryScope(ctx)));
  },
  async images(
    _: unknown,
    args: { is_installed?: boolean | null; is_operation?: boolean | null },
    ctx: AdminContext,
  ) {
    const filter = and(
      await registryScope(ctx),
      typeof args.is_installed === 'boolean'
        ? { installed: { $eq: args.is_installed } }
        : undefined,
      typeof args.is_operation === 'boolean'
        ? { is_operation: args.is_operation ? { $eq: true } : { $ne: true } }
        : undefined,
    );
    return ctx.repos.images.find(filter, [['ref', 1]]);
  },
};

export const Image = {
  id: (img: RecordDoc) => img._id,
  aliases: (img: RecordDoc) => img.aliases ?? [],
  humanized_name: (img: RecordDoc) => img.humanized_name ?? img.name,
};

interface ModifyImageProps {
  name?: string;
  registry?: string;
  image?: string;
  tag?: string;
  architecture?: string;
  is_local?: boolean;
  size_bytes?: number;
  type?: string;
  digest?: string;
  labels?: { key?: string; value?: string }[];
  supported_accelerators?: string[];
  resource_limits?: { key?: string; min?: string; max?: string }[];
}

export const imageMutations = {
  modify_image: mutation(
    async (a: { target: string; architecture: string; props: ModifyImageProps }, ctx) => {
      const { image: _i, type: _t, ...props } = a.props;
      const current = await ctx.repos.images.findOne(byReference(a.target, a.architecture));
      if (!current) return noMatch('image');
      const merged = { ...current, ...defined(props) } as RecordDoc;
      const ref = `${String(merged.registry)}/${String(merged.name)}:${String(merged.tag)}`;
      await ctx.repos.images.update({ _id: current._id }, { ...defined(props), ref });
      return success;
    },
  ),
  alias_image: mutation(async (a: { alias: string; target: string; architecture: string }, ctx) => {
    const img = await ctx.repos.images.findOne(byReference(a.target, a.architecture));
    if (!img) return noMatch('image');
    const aliases = [...new Set([...((img.aliases as string[] | undefined) ?? []), a.alias])];
    await ctx.repos.images.update({ _id: img._id }, { aliases });
    return success;
  }),
  dealias_image: mutation(async (a: { alias: string }, ctx) => {
    const img = await ctx.repos.images.findOne({ aliases: { $eq: a.alias } });
    if (!img) return noMatch('image alias');
    await ctx.repos.images.update(
      { _id: img._id },
      { aliases: ((img.aliases as string[]) ?? []).filter((x) => x !== a.alias) },
    );
    return success;
  }),
  forget_image: mutation(async (a: { reference: string; architecture: string }, ctx) =>
    (await ctx.repos.images.deleteMany(byReference(a.reference, a.architecture))) > 0
      ? success
      : noMatch('image'),
  ),
  forget_image_by_id: mutation(async (a: { image_id: string }, ctx) =>
    (await ctx.repos.images.deleteMany({ _id: a.image_id.toLowerCase() })) > 0
      ? success
      : noMatch('image'),
  ),
  clear_images: mutation(async (a: { registry?: string | null }, ctx) => {
    await ctx.repos.images.deleteMany(a.registry ? { registry: { $eq: a.registry } } : {});
    return success;
  }),
};
