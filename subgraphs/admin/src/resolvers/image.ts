import type { AdminContext } from '../context';
import type { RecordDoc } from '../data/documents';
import type { ImageKey } from '../data/imagesRepository';
import { imageRegistries } from '../scopes';
import { defined, mutation, noMatch, success } from './helpers';

/** Non-superadmins see only images from registries their domain allows. */
const registriesOf = (ctx: AdminContext) =>
  imageRegistries(ctx.auth, (name) => ctx.loaders.domainByName.load(name));

export const imageQueries = {
  async image(
    _: unknown,
    args: { id?: string | null; reference?: string | null; architecture: string },
    ctx: AdminContext,
  ) {
    const key: ImageKey | undefined = args.id
      ? { id: args.id.toLowerCase() }
      : args.reference
        ? { reference: args.reference, architecture: args.architecture }
        : undefined;
    if (!key) return null;
    return ctx.repos.images.lookup(key, await registriesOf(ctx));
  },
  async images(
    _: unknown,
    args: { is_installed?: boolean | null; is_operation?: boolean | null },
    ctx: AdminContext,
  ) {
    return ctx.repos.images.list({
      registries: await registriesOf(ctx),
      installed: typeof args.is_installed === 'boolean' ? args.is_installed : undefined,
      operation: typeof args.is_operation === 'boolean' ? args.is_operation : undefined,
    });
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
      return (await ctx.repos.images.modify(a.target, a.architecture, defined(props)))
        ? success
        : noMatch('image');
    },
  ),
  alias_image: mutation(async (a: { alias: string; target: string; architecture: string }, ctx) =>
    (await ctx.repos.images.addAlias(a.alias, a.target, a.architecture))
      ? success
      : noMatch('image'),
  ),
  dealias_image: mutation(async (a: { alias: string }, ctx) =>
    (await ctx.repos.images.removeAlias(a.alias)) ? success : noMatch('image alias'),
  ),
  forget_image: mutation(async (a: { reference: string; architecture: string }, ctx) =>
    (await ctx.repos.images.forget({ reference: a.reference, architecture: a.architecture }))
      ? success
      : noMatch('image'),
  ),
  forget_image_by_id: mutation(async (a: { image_id: string }, ctx) =>
    (await ctx.repos.images.forget({ id: a.image_id.toLowerCase() })) ? success : noMatch('image'),
  ),
  clear_images: mutation(async (a: { registry?: string | null }, ctx) => {
    await ctx.repos.images.clear(a.registry || undefined);
    return success;
  }),
};
