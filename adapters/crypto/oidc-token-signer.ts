import { decodeProtectedHeader, errors, exportJWK, importPKCS8, importX509, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { publishedKeys, type IdpKeySet } from '../../domain/access/idp-signing-key';
import type { JwtClaims, OidcTokenSigner, OidcTokenType, PublicJwk, VerifyExpectations } from '../../domain/ciam/oidc/token-signer-port';
import type { Clock } from '../../domain/shared/clock';
import type { InstanceId } from '../../domain/shared/ids';
import { err, ok, type Result } from '../../domain/shared/result';

/** The one algorithm Atrium signs with (discovery's id_token_signing_alg_values_supported). */
const ALG = 'RS256';

/**
 * What the signer needs of an instance's key set: `DynamoIdpSigningKeyRepository<InstanceId>` fits.
 * `activeSigningKey` creates the instance's first key when it has none.
 */
export type InstanceSigningKeys = {
  activeSigningKey(owner: InstanceId, now: Date): Promise<{ readonly keyId: string; readonly certificate: string; readonly privateKeyPem: string }>;
  get(owner: InstanceId): Promise<IdpKeySet>;
};

type KeyLike = Awaited<ReturnType<typeof importPKCS8>>;
type ActiveKey = Awaited<ReturnType<InstanceSigningKeys['activeSigningKey']>>;

/** How long a signer keeps using the Active key it read (see `activeKey`). */
export const ACTIVE_KEY_CACHE_MS = 60_000;
type PublicKey = { readonly key: KeyLike; readonly jwk: PublicJwk };

/** The stored certificate is bare base64 DER; importX509 takes PEM (RFC 7468 §5: 64-character lines). */
const certificatePem = (base64Der: string) =>
  `-----BEGIN CERTIFICATE-----\n${(base64Der.match(/.{1,64}/g) ?? []).join('\n')}\n-----END CERTIFICATE-----\n`;

const invalidToken = (): Result<never, 'invalid_token'> => err('invalid_token');

const audienceMatches = (aud: unknown, audience: string) => aud === audience || (Array.isArray(aud) && aud.includes(audience));

/**
 * OidcTokenSigner with jose over the instance's IdP signing keys. Imported keys are cached per keyId for
 * the life of the process: importing a PKCS#8 RSA key costs more than signing with it, and a key's
 * material never changes under its id (ids are random; rotation makes a new key). Which keys an instance
 * publishes is read from the store on every `jwks` and `verify`, so a rotation is seen at once.
 */
export class JoseOidcTokenSigner implements OidcTokenSigner {
  private readonly privateKeys = new Map<string, Promise<KeyLike>>();
  private readonly publicKeys = new Map<string, Promise<PublicKey>>();
  private readonly active = new Map<string, { readonly key: ActiveKey; readonly until: number }>();

  constructor(
    private readonly keys: InstanceSigningKeys,
    private readonly clock: Clock,
  ) {}

  async sign(instanceId: InstanceId, claims: JwtClaims, typ: OidcTokenType): Promise<string> {
    const active = await this.activeKey(instanceId);
    const key = await cached(this.privateKeys, active.keyId, () => importPKCS8(active.privateKeyPem, ALG));
    return new SignJWT({ ...claims } as JWTPayload).setProtectedHeader({ alg: ALG, kid: active.keyId, typ }).sign(key);
  }

  /**
   * The Active key, remembered for a minute: a token endpoint signs two tokens per request and should
   * not read the key set twice for them. After an activation this process may sign with the old key for
   * up to ACTIVE_KEY_CACHE_MS; the old key stays published (Previous), so those tokens verify.
   */
  private async activeKey(instanceId: InstanceId): Promise<ActiveKey> {
    const now = this.clock.now().getTime();
    const hit = this.active.get(instanceId);
    if (hit && hit.until > now) return hit.key;
    const key = await this.keys.activeSigningKey(instanceId, this.clock.now());
    if (this.active.size >= 1000) this.active.clear();
    this.active.set(instanceId, { key, until: now + ACTIVE_KEY_CACHE_MS });
    return key;
  }

  async jwks(instanceId: InstanceId): Promise<{ readonly keys: readonly PublicJwk[] }> {
    const set = await this.keys.get(instanceId);
    const keys = await Promise.all(publishedKeys(set.keys).map((k) => this.publicKey(k.keyId, k.certificate)));
    return { keys: keys.map((k) => k.jwk) };
  }

  async verify(instanceId: InstanceId, token: string, expect: VerifyExpectations): Promise<Result<JwtClaims, 'invalid_token'>> {
    let header: { readonly kid?: unknown; readonly typ?: unknown };
    try {
      header = decodeProtectedHeader(token);
    } catch {
      return invalidToken();
    }
    const kid = header.kid;
    // Only this instance's published keys: another instance's kid is simply not found here. Read before
    // jose runs, so a storage failure is thrown rather than mistaken for a bad token.
    const published = (await this.keys.get(instanceId)).keys.find((k) => k.keyId === kid);
    if (published === undefined) return invalidToken();
    const { key } = await this.publicKey(published.keyId, published.certificate);
    try {
      const { payload } = await jwtVerify(token, key, {
        algorithms: [ALG],
        typ: expect.typ,
        issuer: expect.issuer,
        ...(expect.audience === undefined ? {} : { audience: expect.audience }),
        currentDate: this.clock.now(),
      });
      return ok(payload);
    } catch (error) {
      if (!(error instanceof errors.JOSEError)) throw error;
      // jose authenticates the token before it validates claims, so an expired token's payload is
      // signed; type, issuer and audience are checked again here rather than trusting jose's check order.
      if (expect.allowExpired === true && error instanceof errors.JWTExpired) {
        const payload = error.payload;
        if (typeof header.typ !== 'string' || header.typ.toLowerCase() !== expect.typ.toLowerCase()) return invalidToken();
        if (payload.iss !== expect.issuer) return invalidToken();
        if (expect.audience !== undefined && !audienceMatches(payload.aud, expect.audience)) return invalidToken();
        return ok(payload);
      }
      return invalidToken();
    }
  }

  private publicKey(keyId: string, certificate: string): Promise<PublicKey> {
    return cached(this.publicKeys, keyId, async () => {
      // Extractable, so its JWK can be exported for jwks_uri (it is the public half).
      const key = await importX509(certificatePem(certificate), ALG, { extractable: true });
      const { n, e } = await exportJWK(key);
      if (n === undefined || e === undefined) throw new Error(`signing key ${keyId} is not an RSA key`);
      return { key, jwk: { kty: 'RSA', kid: keyId, alg: ALG, use: 'sig', n, e, x5c: [certificate] } };
    });
  }
}

/** Memoises a promise per key; a failed import is forgotten so the next call tries again. */
const cached = <T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> => {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const loading = load();
  cache.set(key, loading);
  loading.catch(() => cache.delete(key));
  return loading;
};
