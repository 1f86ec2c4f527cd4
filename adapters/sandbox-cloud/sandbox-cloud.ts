import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type {
  CloudCredentialBroker,
  CloudProvisioner,
  RoleSpec,
  SamlProviderSpec,
  TemporaryCredentials,
} from '../../domain/access/cloud';
import type { PermissionPolicies } from '../../domain/access/permission-policies';
import type { Clock } from '../../domain/shared/clock';
import type { AccountId } from '../../domain/shared/ids';
import { fail, ok, type Failure, type Result } from '../../domain/shared/result';
import {
  SANDBOX_ROLE_PREFIX,
  sandboxAccountPartition,
  sandboxAssertionKey,
  sandboxCredentialKey,
  sandboxRoleKey,
  sandboxSamlProviderKey,
  sandboxSessionKey,
} from '../dynamodb/keys';
import type { Item, Table } from '../dynamodb/table';
import { SANDBOX_SIGN_IN_PATH, SANDBOX_STS_ASSUME_ROLE_PATH } from './endpoints';
import type { SandboxAccountReader, SignInRefusal, VerifiedSignIn } from './sign-in-verifier';

// The XML signature stack (xml-crypto, XPath) loads on the first sign-in: the container is shared by
// every function, and none but the sandbox's own should parse it at cold start.
const verifier = () => import('./sign-in-verifier');

/** Where the sandbox's access keys, tokens and console cookies come from (random; fixed in tests if wanted). */
export type SandboxSecretSource = {
  accessKeyId(): string;
  accessKeySecret(): string;
  securityToken(): string;
  consoleToken(): string;
};

const ALPHANUMERIC = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const alphanumeric = (length: number) => Array.from(randomBytes(length), (b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join('');

/** Shaped like Alibaba Cloud STS's: `STS.`-prefixed key id, a 44-character secret, a `CAIS` token. */
export const randomSandboxSecrets: SandboxSecretSource = {
  accessKeyId: () => `STS.${alphanumeric(24)}`,
  accessKeySecret: () => alphanumeric(44),
  securityToken: () => `CAIS${randomBytes(96).toString('base64url')}`,
  consoleToken: () => randomBytes(32).toString('base64url'),
};

/** A sandbox console session, as the console page shows it. */
export type SandboxConsoleSession = VerifiedSignIn & { readonly relayState: string | undefined };

export type CallerIdentity = {
  readonly accountId: AccountId;
  readonly arn: string;
  readonly identityType: 'AssumedRoleUser';
  readonly roleName: string;
  readonly roleSessionName: string;
  readonly expiration: string;
};

export type CallerIdentityError = Failure<'InvalidAccessKeyId.NotFound' | 'InvalidSecurityToken.Mismatch' | 'InvalidSecurityToken.Expired'>;

/** STS's answer to a refused AssumeRoleWithSAML: the port throws it (the caller's task or request fails). */
export class SandboxStsError extends Error {
  constructor(readonly refusal: SignInRefusal) {
    super(`AssumeRoleWithSAML refused (${refusal.code}): ${refusal.message}`);
    this.name = 'SandboxStsError';
  }
}

const hash = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');
const epochSeconds = (d: Date) => Math.floor(d.getTime() / 1000);
const sameHash = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * The sandbox cloud: the embedded default behind the cloud ports. Each member account's RAM state is a
 * partition of the table (`SANDBOX#<account>`: `ROLE#<name>`, `SAMLPROVIDER#<name>`); sign-ins are
 * verified from that state alone (sign-in-verifier.ts), exactly as a cloud knows only what was written
 * into it. Console sessions and STS credentials are stored as hashes with `ttl`; reads check the expiry
 * themselves, because DynamoDB reaps late (and DynamoDB Local maybe never).
 */
export class SandboxCloud implements CloudProvisioner, CloudCredentialBroker, SandboxAccountReader {
  constructor(
    private readonly table: Table,
    private readonly clock: Clock,
    private readonly secrets: SandboxSecretSource = randomSandboxSecrets,
    private readonly skewSeconds = 60,
  ) {}

  // CloudProvisioner: put = create or replace, delete of an absent thing succeeds.

  async putSamlProvider(spec: SamlProviderSpec): Promise<void> {
    await this.table.put({
      Item: { ...sandboxSamlProviderKey(spec.accountId, spec.name), kind: 'SandboxSamlProvider', ...spec, certificates: [...spec.certificates], updatedAt: this.clock.now().toISOString() },
    });
  }

  async deleteSamlProvider(accountId: AccountId, name: string): Promise<void> {
    await this.table.delete({ Key: sandboxSamlProviderKey(accountId, name) });
  }

  async putRole(spec: RoleSpec): Promise<void> {
    await this.table.put({
      Item: { ...sandboxRoleKey(spec.accountId, spec.name), kind: 'SandboxRole', ...spec, policies: policiesItem(spec.policies), updatedAt: this.clock.now().toISOString() },
    });
  }

  async deleteRole(accountId: AccountId, name: string): Promise<void> {
    await this.table.delete({ Key: sandboxRoleKey(accountId, name) });
  }

  async listRoles(accountId: AccountId, prefix: string): Promise<readonly string[]> {
    const items = await this.table.all({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': sandboxAccountPartition(accountId), ':prefix': `${SANDBOX_ROLE_PREFIX}${prefix}` },
      ProjectionExpression: '#n',
      ExpressionAttributeNames: { '#n': 'name' },
      ConsistentRead: true,
    });
    return items.map((i) => i.name as string);
  }

  // What the verifier reads.

  async samlProvider(accountId: AccountId, name: string): Promise<SamlProviderSpec | undefined> {
    const i = await this.table.get(sandboxSamlProviderKey(accountId, name));
    return i
      ? { accountId, name, idpEntityId: i.idpEntityId as string, certificates: i.certificates as string[], description: (i.description as string) ?? '' }
      : undefined;
  }

  async role(accountId: AccountId, name: string): Promise<RoleSpec | undefined> {
    const i = await this.table.get(sandboxRoleKey(accountId, name));
    return i
      ? {
          accountId,
          name,
          samlProviderName: i.samlProviderName as string,
          maxSessionDuration: i.maxSessionDuration as number,
          policies: policiesOf(i.policies as Item),
          description: (i.description as string) ?? '',
        }
      : undefined;
  }

  /** A conditional put per assertion id; an item past its ttl counts as absent (reaping is late). */
  async rememberAssertion(assertionId: string, until: Date): Promise<boolean> {
    const nonce = randomBytes(16).toString('hex');
    const key = sandboxAssertionKey(assertionId);
    const out = await this.table.put({
      Item: { ...key, kind: 'SandboxAssertionSeen', nonce, ttl: epochSeconds(until) },
      ConditionExpression: 'attribute_not_exists(pk) OR #ttl <= :now',
      ExpressionAttributeNames: { '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':now': epochSeconds(this.clock.now()) },
    });
    if (out.ok) return true;
    // A retried put whose first attempt landed unseen fails its condition against our own item.
    return (await this.table.get(key))?.nonce === nonce;
  }

  // Console sign-in (signin.aliyun.com/saml-role/sso).

  /** Verifies a Response posted to the sign-in endpoint at `signInUrl` (exactly that URL). */
  async verifySignIn(samlResponse: string, signInUrl: string): Promise<Result<VerifiedSignIn, SignInRefusal>> {
    return (await verifier()).verifySignIn(this, {
      samlResponse,
      now: this.clock.now(),
      endpoint: { accepts: (url) => url === signInUrl, describe: `this sign-in endpoint (${signInUrl})` },
      skewSeconds: this.skewSeconds,
    });
  }

  /** Starts a console session; returns the cookie value (only its hash is stored). */
  async startConsoleSession(signIn: VerifiedSignIn, relayState: string | undefined): Promise<string> {
    const token = this.secrets.consoleToken();
    await this.table.put({
      Item: {
        ...sandboxSessionKey(hash(token)),
        kind: 'SandboxConsoleSession',
        ...signIn,
        policies: policiesItem(signIn.policies),
        expiresAt: signIn.expiresAt.toISOString(),
        ...(relayState !== undefined ? { relayState } : {}),
        ttl: epochSeconds(signIn.expiresAt),
      },
    });
    return token;
  }

  async consoleSession(token: string): Promise<SandboxConsoleSession | undefined> {
    const i = await this.table.get(sandboxSessionKey(hash(token)));
    if (!i) return undefined;
    const expiresAt = new Date(i.expiresAt as string);
    if (expiresAt.getTime() <= this.clock.now().getTime()) return undefined;
    return {
      accountId: i.accountId as AccountId,
      roleName: i.roleName as string,
      providerName: i.providerName as string,
      roleSessionName: i.roleSessionName as string,
      nameId: i.nameId as string,
      sessionDuration: i.sessionDuration as number,
      expiresAt,
      policies: policiesOf(i.policies as Item),
      relayState: i.relayState as string | undefined,
    };
  }

  // STS.

  /** AssumeRoleWithSAML as data: the HTTP endpoint answers refusals, the port throws them. */
  async tryAssumeRoleWithSaml(input: Parameters<CloudCredentialBroker['assumeRoleWithSaml']>[0]): Promise<Result<TemporaryCredentials, SignInRefusal>> {
    const now = this.clock.now();
    const verified = await (await verifier()).verifySignIn(this, {
      samlResponse: input.samlResponse,
      now,
      // The assertion may have been made for the console sign-in or for STS, at any origin the sandbox is served from.
      endpoint: { accepts: isSandboxEndpoint, describe: `a sandbox endpoint (${SANDBOX_SIGN_IN_PATH} or ${SANDBOX_STS_ASSUME_ROLE_PATH})` },
      requested: { accountId: input.accountId, roleName: input.roleName, providerName: input.samlProviderName },
      skewSeconds: this.skewSeconds,
    });
    if (!verified.ok) return verified;
    const role = await this.role(input.accountId, input.roleName);
    const max = role?.maxSessionDuration ?? 0;
    if (!Number.isInteger(input.durationSeconds) || input.durationSeconds < 900 || input.durationSeconds > max) {
      return fail('SignIn.SessionDuration', `DurationSeconds ${input.durationSeconds} is outside 900-${max}, the range role ${input.roleName} allows.`);
    }
    const expiration = new Date(now.getTime() + input.durationSeconds * 1000);
    const credentials: TemporaryCredentials = {
      accessKeyId: this.secrets.accessKeyId(),
      accessKeySecret: this.secrets.accessKeySecret(),
      securityToken: this.secrets.securityToken(),
      expiration: expiration.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
    await this.table.put({
      Item: {
        ...sandboxCredentialKey(hash(credentials.accessKeyId)),
        kind: 'SandboxStsCredential',
        secretHash: hash(credentials.accessKeySecret),
        tokenHash: hash(credentials.securityToken),
        accountId: input.accountId,
        roleName: input.roleName,
        roleSessionName: verified.value.roleSessionName,
        expiration: credentials.expiration,
        ttl: epochSeconds(expiration),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    return ok(credentials);
  }

  async assumeRoleWithSaml(input: Parameters<CloudCredentialBroker['assumeRoleWithSaml']>[0]): Promise<TemporaryCredentials> {
    const out = await this.tryAssumeRoleWithSaml(input);
    if (!out.ok) throw new SandboxStsError(out.error);
    return out.value;
  }

  /** STS GetCallerIdentity: proves a key id and security token are live. (The secret signs requests; the sandbox does not check signatures.) */
  async callerIdentity(accessKeyId: string, securityToken: string): Promise<Result<CallerIdentity, CallerIdentityError>> {
    const i = await this.table.get(sandboxCredentialKey(hash(accessKeyId)));
    if (!i) return fail('InvalidAccessKeyId.NotFound', 'The access key id does not exist.');
    if (!sameHash(hash(securityToken), i.tokenHash as string)) return fail('InvalidSecurityToken.Mismatch', 'The security token does not belong to this access key.');
    if (new Date(i.expiration as string).getTime() <= this.clock.now().getTime()) return fail('InvalidSecurityToken.Expired', `The security token expired at ${i.expiration as string}.`);
    const accountId = i.accountId as AccountId;
    return ok({
      accountId,
      arn: `acs:ram::${accountId}:assumed-role/${i.roleName as string}/${i.roleSessionName as string}`,
      identityType: 'AssumedRoleUser',
      roleName: i.roleName as string,
      roleSessionName: i.roleSessionName as string,
      expiration: i.expiration as string,
    });
  }
}

const isSandboxEndpoint = (url: string): boolean => {
  try {
    const parsed = new URL(url);
    return /^https?:$/.test(parsed.protocol) && (parsed.pathname === SANDBOX_SIGN_IN_PATH || parsed.pathname === SANDBOX_STS_ASSUME_ROLE_PATH);
  } catch {
    return false;
  }
};

const policiesItem = (p: PermissionPolicies) => ({ system: [...p.system], ...(p.inline ? { inline: { ...p.inline } } : {}) });

const policiesOf = (i: Item | undefined): PermissionPolicies => {
  const inline = i?.inline as { name: string; document: string } | undefined;
  return { system: (i?.system as string[] | undefined) ?? [], ...(inline ? { inline: { name: inline.name, document: inline.document } } : {}) };
};
