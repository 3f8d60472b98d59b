import type { AdminContext } from '../context';
import type { ImageKey } from '../data/imagesRepository';
import type { ImageResolvers, MutationResolvers, QueryResolvers } from '../generated/resolvers';
import { imageRegistries } from '../scopes';
import { defined, mutation, noMatch, success } from './helpers';
import { textList, textOrNull } from './stored';

/** Non-superadmins see only images from registries their domain allows. */
const registriesOf = (ctx: AdminContext) =>
  imageRegistries(ctx.auth, (name) => ctx.loaders.domainByName.load(name));

export const imageQueries: QueryResolvers = {
  async image(_, args, ctx) {
    const key: ImageKey | undefined = args.id
      ? { id: args.id.toLowerCase() }
      : args.reference
        ? { reference: args.reference, architecture: args.architecture }
        : undefined;
    if (!key) return null;
    return ctx.repos.images.lookup(key, await registriesOf(ctx));
  },
  async images(_, args, ctx) {
    return ctx.repos.images.list({
      registries: await registriesOf(ctx),
      installed: typeof args.is_installed === 'boolean' ? args.is_installed : undefined,
      operation: typeof args.is_operation === 'boolean' ? args.is_operation : undefined,
    });
  },
};

export const Image: ImageResolvers = {
  id: (img) => img._id,
  aliases: (img) => textList(img.aliases),
  humanized_name: (img) => textOrNull(img.humanized_name ?? img.name),
};

export const imageMutations: MutationResolvers = {
  modify_image: mutation(async (a, ctx) => {
    const { image: _i, type: _t, ...props } = a.props;
    return (await ctx.repos.images.modify(a.target, a.architecture, defined(props)))
      ? success
      : noMatch('image');
  }),
  alias_image: mutation(async (a, ctx) =>
    (await ctx.repos.images.addAlias(a.alias, a.target, a.architecture))
      ? success
      : noMatch('image'),
  ),
  dealias_image: mutation(async (a, ctx) =>
    (await ctx.repos.images.removeAlias(a.alias)) ? success : noMatch('image alias'),
  ),
  forget_image: mutation(async (a, ctx) =>
    (await ctx.repos.images.forget({ reference: a.reference, architecture: a.architecture }))
      ? success
      : noMatch('image'),
  ),
  forget_image_by_id: mutation(async (a, ctx) =>
    (await ctx.repos.images.forget({ id: a.image_id.toLowerCase() })) ? success : noMatch('image'),
  ),
  clear_images: mutation(async (a, ctx) => {
    await ctx.repos.images.clear(a.registry || undefined);
    return success;
  }),
};
