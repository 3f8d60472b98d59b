import type { Document } from 'mongodb';
import { BaseRepository } from './baseRepository';
import type { RecordDoc } from './documents';
import { and } from './minilangMongo';
import type { MongoStore } from './mongo';
import { eqAll, oneOf } from './query';

/** An image by id, or by reference (`registry/name:tag` or an alias) and architecture. */
export type ImageKey = { id: string } | { reference: string; architecture: string };

export interface ImageFilter {
  /** Only images from these registries (undefined: every registry). */
  registries?: readonly string[];
  installed?: boolean;
  /** Operation images only (true) or everything else (false). */
  operation?: boolean;
}

function byReference(reference: string, architecture: string): Document {
  return and(
    { $or: [{ ref: { $eq: reference } }, { aliases: { $eq: reference } }] },
    { architecture: { $eq: architecture } },
  );
}

const keyFilter = (key: ImageKey): Document =>
  'id' in key ? { _id: { $eq: key.id } } : byReference(key.reference, key.architecture);

const aliasesOf = (img: RecordDoc): string[] => (img.aliases as string[] | undefined) ?? [];

/** Container images: unique per (ref, architecture), findable by alias. */
export class ImagesRepository extends BaseRepository<RecordDoc> {
  constructor(store: MongoStore) {
    super(store, 'images', [
      {
        keys: { ref: 1, architecture: 1 },
        name: 'ref_architecture_unique',
        unique: true,
        field: 'reference',
      },
      { keys: { aliases: 1 }, name: 'aliases' },
      { keys: { registry: 1 }, name: 'registry' },
    ]);
  }

  /** One image, if it is in the allowed registries. */
  lookup(key: ImageKey, registries?: readonly string[]): Promise<RecordDoc | null> {
    return this.findOne(and(keyFilter(key), oneOf('registry', registries)));
  }

  /** `images`: ordered by reference. */
  list(f: ImageFilter): Promise<RecordDoc[]> {
    const filter = and(
      oneOf('registry', f.registries),
      eqAll({ installed: f.installed }),
      f.operation === undefined
        ? undefined
        : { is_operation: f.operation ? { $eq: true } : { $ne: true } },
    );
    return this.find(filter, [['ref', 1]]);
  }

  /** modify_image: sets `fields` and recomputes `ref`; false when no such image. */
  async modify(
    reference: string,
    architecture: string,
    fields: Record<string, unknown>,
  ): Promise<boolean> {
    const current = await this.lookup({ reference, architecture });
    if (!current) return false;
    const merged = { ...current, ...fields };
    const ref = `${String(merged.registry)}/${String(merged.name)}:${String(merged.tag)}`;
    await this.update({ _id: current._id }, { ...fields, ref });
    return true;
  }

  /** alias_image; false when no such image. */
  async addAlias(alias: string, reference: string, architecture: string): Promise<boolean> {
    const img = await this.lookup({ reference, architecture });
    if (!img) return false;
    await this.update({ _id: img._id }, { aliases: [...new Set([...aliasesOf(img), alias])] });
    return true;
  }

  /** dealias_image; false when no image has the alias. */
  async removeAlias(alias: string): Promise<boolean> {
    const img = await this.findOne({ aliases: { $eq: alias } });
    if (!img) return false;
    await this.update({ _id: img._id }, { aliases: aliasesOf(img).filter((x) => x !== alias) });
    return true;
  }

  /** forget_image / forget_image_by_id: false when nothing matched. */
  async forget(key: ImageKey): Promise<boolean> {
    return (await this.deleteMany(keyFilter(key))) > 0;
  }

  /** clear_images: every image, or those of one registry. */
  async clear(registry?: string): Promise<void> {
    await this.deleteMany(eqAll({ registry }));
  }
}
