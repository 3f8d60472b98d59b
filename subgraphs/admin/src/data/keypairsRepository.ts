import { randomBytes } from 'node:crypto';
import type { ClientSession } from 'mongodb';
import { BaseRepository } from './baseRepository';
import type { KeyPairDoc } from './documents';
import type { MongoStore } from './mongo';
import type { SecretBox } from './secretBox';

const AK_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Backend.AI style: "AKIA" + 16 base32 characters; secret 40 base64 characters. */
export function generateKeypair(): { accessKey: string; secretKey: string } {
  const bytes = randomBytes(16);
  const tail = Array.from(bytes, (b) => AK_ALPHABET[b % 32]).join('');
  return { accessKey: `AKIA${tail}`, secretKey: randomBytes(30).toString('base64') };
}

export interface NewKeyPair {
  access_key: string;
  secret_key: string;
  user_id: string;
  user: string;
  domain_name: string;
  is_active: boolean;
  is_admin: boolean;
  resource_policy: string;
  rate_limit: number;
}

/** The `keypairs` collection; secret keys are sealed before they reach MongoDB. */
export class KeyPairsRepository extends BaseRepository<KeyPairDoc> {
  constructor(
    store: MongoStore,
    private readonly box: SecretBox,
  ) {
    super(
      store,
      'keypairs',
      [
        { keys: { access_key: 1 }, name: 'access_key_unique', unique: true, field: 'access_key' },
        { keys: { user: 1 }, name: 'user' },
        { keys: { domain_name: 1, created_at: -1 }, name: 'domain_created' },
        { keys: { user_id: 1, access_key: 1 }, name: 'user_id_access_key' },
        { keys: { is_active: 1 }, name: 'is_active' },
        { keys: { is_admin: 1 }, name: 'is_admin' },
        { keys: { resource_policy: 1 }, name: 'resource_policy' },
        { keys: { created_at: -1 }, name: 'created_at' },
        { keys: { rate_limit: 1 }, name: 'rate_limit' },
      ],
      'access_key',
    );
  }

  secretOf(doc: KeyPairDoc): string {
    return this.box.open(doc.secret_key_sealed, doc.access_key);
  }

  /** The stored form of a new keypair, its secret sealed (bulk loaders insert many at once). */
  sealedDoc(kp: NewKeyPair, now = new Date()): KeyPairDoc {
    const { secret_key, ...rest } = kp;
    return {
      _id: kp.access_key,
      ...rest,
      secret_key_sealed: this.box.seal(secret_key, kp.access_key),
      ssh_public_key: null,
      created_at: now,
      modified_at: now,
    };
  }

  create(kp: NewKeyPair, session?: ClientSession): Promise<KeyPairDoc> {
    return this.insert(this.sealedDoc(kp), session);
  }

  byAccessKeys(keys: readonly string[]): Promise<(KeyPairDoc | null)[]> {
    return this.byField('_id', keys);
  }

  byUsers(uuids: readonly string[]): Promise<KeyPairDoc[][]> {
    return this.groupedBy('user', uuids);
  }
}
