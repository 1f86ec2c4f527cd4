import { randomBytes } from 'node:crypto';
import type { IdpKeySet, IdpSigningKey, IdpSigningKeyRepository, IdpSigningKeyStatus } from '../../domain/access/idp-signing-key';
import type { DirectoryId } from '../../domain/shared/ids';
import type { SigningKeyMaterial } from '../crypto/signing-key-material';
import { IDPKEY_PREFIX, idpSigningKeySetKey, signingKeyKey, signingKeySetKey } from './keys';
import type { Item, Table, TransactItem } from './table';

/** What the signer needs: the Active key with its private half. Only adapters see this type. */
export type ActiveSigningKey = { readonly keyId: string; readonly certificate: string; readonly privateKeyPem: string };

export type KeyMaterialSource = (subject: { commonName: string }, now: Date) => Promise<SigningKeyMaterial>;

/** Loaded on first use: the certificate library is only needed when a key is made. */
const lazyMaterial: KeyMaterialSource = async (subject, now) => (await import('../crypto/signing-key-material')).generateSigningKeyMaterial(subject, now);

const newKeyId = () => `idpkey-${randomBytes(8).toString('hex')}`;

type Stored = { readonly version: number; readonly keys: readonly (IdpSigningKey & { readonly privateKeyPem: string })[] };

/**
 * An owner's IdP signing keys (a directory's or a CIAM instance's, in the owner's partition). Each key is
 * an immutable item (`<owner pk>` / `IDPKEY#<keyId>`) holding
 * its certificate and private key; which key is Active, Pending or Previous lives in one set item
 * (`DIR#<d>` / `IDPKEYSET`, a map keyId → status with version `v`). Every change is one transaction
 * conditioned on the set's version (or on its absence for the first key), so concurrent first uses and
 * concurrent rotations end with exactly one Active key. One query (begins_with `IDPKEY`) reads the set
 * and every key.
 *
 * The private key is stored as PKCS#8 PEM in the item (DynamoDB encrypts at rest); it leaves this class
 * only through `activeSigningKey`, for the signer.
 */
export class DynamoIdpSigningKeyRepository<Owner extends string = DirectoryId> implements IdpSigningKeyRepository<Owner> {
  private readonly partition: (owner: Owner) => string;
  private readonly commonName: (owner: Owner) => string;
  private readonly material: KeyMaterialSource;
  private readonly keyId: () => string;

  constructor(
    private readonly table: Table,
    options: {
      /** The owner's partition key (a directory's by default). */
      readonly partition?: (owner: Owner) => string;
      /** The certificate's subject CN. */
      readonly commonName?: (owner: Owner) => string;
      readonly material?: KeyMaterialSource;
      readonly keyId?: () => string;
    } = {},
  ) {
    // Owner is DirectoryId unless a partition is given: the default only ever sees directory ids.
    this.partition = options.partition ?? ((owner) => idpSigningKeySetKey(owner as string as DirectoryId).pk);
    this.commonName = options.commonName ?? ((owner) => `Atrium CloudSSO ${owner}`);
    this.material = options.material ?? lazyMaterial;
    this.keyId = options.keyId ?? newKeyId;
  }

  private setKey(owner: Owner) {
    return signingKeySetKey(this.partition(owner));
  }

  async get(owner: Owner): Promise<IdpKeySet> {
    return publicSet(await this.read(owner));
  }

  async ensureActive(owner: Owner, now: Date): Promise<IdpKeySet> {
    return publicSet(await this.readWithActive(owner, now));
  }

  /** The key to sign with now, created when the directory has none yet. */
  async activeSigningKey(owner: Owner, now: Date): Promise<ActiveSigningKey> {
    const active = (await this.readWithActive(owner, now)).keys.find((k) => k.status === 'Active')!;
    return { keyId: active.keyId, certificate: active.certificate, privateKeyPem: active.privateKeyPem };
  }

  async addPending(owner: Owner, version: number, now: Date): Promise<IdpSigningKey | 'Conflict'> {
    const key = await this.generate(owner, 'Pending', now);
    const out = await this.table.transact([
      {
        Update: {
          Key: this.setKey(owner),
          UpdateExpression: 'SET #keys.#k = :status, v = v + :one',
          ConditionExpression: 'v = :v',
          ExpressionAttributeNames: { '#keys': 'keys', '#k': key.keyId },
          ExpressionAttributeValues: { ':status': 'Pending', ':one': 1, ':v': version },
        },
      },
      { Put: { Item: key.item, ConditionExpression: 'attribute_not_exists(pk)' } },
    ]);
    return out.ok ? key.key : 'Conflict';
  }

  async replace(owner: Owner, version: number, keys: readonly IdpSigningKey[]): Promise<boolean> {
    const stored = await this.read(owner);
    const kept = new Set(keys.map((k) => k.keyId));
    const writes: TransactItem[] = [
      {
        Put: {
          Item: { ...this.setKey(owner), kind: 'IdpSigningKeySet', owner, keys: statusMap(keys), v: version + 1 },
          ConditionExpression: 'v = :v',
          ExpressionAttributeValues: { ':v': version },
        },
      },
      ...stored.keys.filter((k) => !kept.has(k.keyId)).map((k): TransactItem => ({ Delete: { Key: signingKeyKey(this.partition(owner), k.keyId) } })),
    ];
    return (await this.table.transact(writes)).ok;
  }

  private async readWithActive(owner: Owner, now: Date): Promise<Stored> {
    // Two rounds suffice: a lost first-key race means the winner's set is there to read.
    for (let round = 0; round < 3; round++) {
      const stored = await this.read(owner);
      if (stored.keys.some((k) => k.status === 'Active')) return stored;
      if (stored.version !== 0) throw new Error(`IdP key set of ${owner} has no Active key (version ${stored.version})`);
      const key = await this.generate(owner, 'Active', now);
      await this.table.transact([
        {
          Put: {
            Item: { ...this.setKey(owner), kind: 'IdpSigningKeySet', owner, keys: { [key.keyId]: 'Active' }, v: 1 },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        { Put: { Item: key.item, ConditionExpression: 'attribute_not_exists(pk)' } },
      ]);
      // Won or lost, the next read sees the one Active key.
    }
    throw new Error(`could not create the first IdP signing key of ${owner}`);
  }

  private async generate(owner: Owner, status: IdpSigningKeyStatus, now: Date) {
    const keyId = this.keyId();
    const m = await this.material({ commonName: this.commonName(owner) }, now);
    const key: IdpSigningKey = { keyId, certificate: m.certificate, status, createdAt: now.toISOString(), notAfter: m.notAfter.toISOString() };
    const { status: _status, ...fields } = key;
    return { keyId, key, item: { ...signingKeyKey(this.partition(owner), keyId), kind: 'IdpSigningKey', owner, ...fields, privateKeyPem: m.privateKeyPem } };
  }

  private async read(owner: Owner): Promise<Stored> {
    const set = this.setKey(owner);
    const items = await this.table.all({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': set.pk, ':prefix': 'IDPKEY' },
      ConsistentRead: true,
    });
    const setItem = items.find((i) => i.sk === set.sk);
    const statuses = (setItem?.keys ?? {}) as Record<string, IdpSigningKeyStatus>;
    const keys = items
      .filter((i) => String(i.sk).startsWith(IDPKEY_PREFIX) && statuses[i.keyId as string] !== undefined)
      .map((i) => fromItem(i, statuses[i.keyId as string]!));
    return { version: (setItem?.v as number | undefined) ?? 0, keys };
  }
}

const fromItem = (i: Item, status: IdpSigningKeyStatus) => ({
  keyId: i.keyId as string,
  certificate: i.certificate as string,
  status,
  createdAt: i.createdAt as string,
  notAfter: i.notAfter as string,
  privateKeyPem: i.privateKeyPem as string,
});

const statusMap = (keys: readonly IdpSigningKey[]) => Object.fromEntries(keys.map((k) => [k.keyId, k.status]));

const publicSet = (stored: Stored): IdpKeySet => ({
  version: stored.version,
  keys: stored.keys.map(({ privateKeyPem: _secret, ...key }) => key),
});
