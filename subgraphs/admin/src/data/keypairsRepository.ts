import { randomBytes } from 'node:crypto';
import type { ClientSession, Filter } from 'mongodb';
import { BaseRepository, type Page } from './baseRepository';
import type { KeyPairDoc, UserDoc } from './documents';
import { MissingReferenceError } from './errors';
import type { MongoStore } from './mongo';
import type { Peers } from './peers';
import { eqAll, type ListQuery, pageArgs } from './query';
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

/** Which keypairs a listing covers; undefined fields mean "any". */
export interface KeyPairFilter {
  domain?: string;
  /** The owner's email. */
  email?: string;
  isActive?: boolean;
}

/** What a new keypair for an existing user may set (null or omitted flags take the defaults). */
export interface KeyPairProps {
  is_active?: boolean | null;
  is_admin?: boolean | null;
  resource_policy: string;
  rate_limit: number;
}

/** What modify_keypair may change. */
export type KeyPairChange = Partial<
  Pick<KeyPairDoc, 'is_active' | 'is_admin' | 'resource_policy' | 'rate_limit'>
>;

/** Why delete_keypair did not delete. */
export type KeyPairRemoval = 'removed' | 'missing' | 'main key';

/** The `keypairs` collection; secret keys are sealed before they reach MongoDB. */
export class KeyPairsRepository extends BaseRepository<KeyPairDoc> {
  constructor(
    store: MongoStore,
    private readonly box: SecretBox,
    private readonly peers: Peers,
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

  /** The keypair and its owner (the gateway's signature lookup), or null if either is gone. */
  async withOwner(accessKey: string): Promise<{ keypair: KeyPairDoc; owner: UserDoc } | null> {
    const keypair = await this.byId(accessKey);
    const owner = keypair ? await this.peers.users.byId(keypair.user) : null;
    return keypair && owner ? { keypair, owner } : null;
  }

  /** Whether the keypair exists and belongs to the user with this email. */
  async isOwnedBy(accessKey: string, email: string): Promise<boolean> {
    return (await this.findOne({ _id: accessKey, user_id: email })) !== null;
  }

  /** The access keys of one user. */
  async accessKeysOf(userUuid: string, session?: ClientSession): Promise<string[]> {
    return (await this.find({ user: userUuid }, undefined, undefined, session)).map((k) => k._id);
  }

  private scopeFilter(f: KeyPairFilter): Filter<KeyPairDoc> {
    return eqAll({
      domain_name: f.domain,
      user_id: f.email,
      is_active: f.isActive,
    });
  }

  /** `keypairs`: the newest 100 matches. */
  listScoped(f: KeyPairFilter): Promise<KeyPairDoc[]> {
    return this.find(this.scopeFilter(f), [['created_at', -1]], 100);
  }

  /** `keypair_list`: one page plus the total under the scope and the client's filter. */
  pageScoped(f: KeyPairFilter, q: ListQuery): Promise<Page<KeyPairDoc>> {
    return this.page(...pageArgs<KeyPairDoc>(this.scopeFilter(f), q));
  }

  private async requirePolicy(name: string | undefined): Promise<void> {
    if (name !== undefined && !(await this.peers.keypairPolicies.exists(name)))
      throw new MissingReferenceError('keypair resource policy', name);
  }

  /** create_keypair: a fresh keypair for the user with this email (which must exist). */
  async createFor(email: string, props: KeyPairProps): Promise<KeyPairDoc> {
    const user = await this.peers.users.byEmail(email);
    if (!user) throw new MissingReferenceError('user', email);
    await this.requirePolicy(props.resource_policy);
    const { accessKey, secretKey } = generateKeypair();
    return this.create({
      access_key: accessKey,
      secret_key: secretKey,
      user_id: user.email,
      user: user._id,
      domain_name: user.domain_name,
      is_active: props.is_active ?? true,
      is_admin: props.is_admin ?? false,
      resource_policy: props.resource_policy,
      rate_limit: props.rate_limit,
    });
  }

  /** modify_keypair: sets `fields` and tells the gateway; false when no such keypair. */
  async modify(accessKey: string, fields: KeyPairChange): Promise<boolean> {
    await this.requirePolicy(fields.resource_policy);
    const kp = await this.update({ _id: accessKey }, { ...fields, modified_at: new Date() });
    if (!kp) return false;
    await this.peers.signals.invalidate([accessKey]);
    return true;
  }

  /** delete_keypair: the keypair and its associations, unless it is a user's main key. */
  async remove(accessKey: string): Promise<KeyPairRemoval> {
    if (!(await this.exists(accessKey))) return 'missing';
    if (await this.peers.users.anyWithMainKey(accessKey)) return 'main key';
    await this.store.transaction(async (session) => {
      await this.peers.sgroupAssocs.removeOwner({ kind: 'keypair', id: accessKey }, session);
      await this.deleteMany({ _id: accessKey }, session);
    });
    await this.peers.signals.invalidate([accessKey]);
    return 'removed';
  }
}
