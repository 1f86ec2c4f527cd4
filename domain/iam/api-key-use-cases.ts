import type { AdministratorId, ApiKeyId } from '../shared/ids';
import { fail, ok, type Failure, type Result } from '../shared/result';
import type { AdministratorMissing } from './administrator-use-cases';
import type { ApiKey, KeyOwner } from './api-key';
import type { IamPorts } from './iam-ports';
import type { KeyLimitReached } from './ports';
import { authorize, type Forbidden, type Principal } from './principal';
import type { Action } from './policies';

export type ApiKeyMissing = Failure<'EntityNotExists.ApiKey'>;
export type RootKeyRefused = Failure<'Forbidden.RootApiKey'>;

const isSelf = (principal: Principal, owner: KeyOwner): boolean =>
  (principal.kind === 'account' && owner.kind === 'account') ||
  (principal.kind === 'administrator' && owner.kind === 'administrator' && owner.administratorId === principal.administratorId);

/**
 * RAM's rule for access keys: a principal may manage its own keys; managing another's needs the
 * permission. The account's own (root) keys are the account owner's alone.
 */
const mayManage = (principal: Principal, owner: KeyOwner, action: Action): Result<void, Forbidden | RootKeyRefused> => {
  if (isSelf(principal, owner)) return ok(undefined);
  if (owner.kind === 'account') return fail('Forbidden.RootApiKey', "Only the account itself can manage the account's API keys.");
  return authorize(principal, action);
};

const ownerExists = async (ports: IamPorts, principal: Principal, owner: KeyOwner): Promise<Result<void, AdministratorMissing>> => {
  if (owner.kind === 'account') return ok(undefined);
  const admin = await ports.administrators.get(principal.accountId, owner.administratorId);
  return admin ? ok(undefined) : fail('EntityNotExists.Administrator', `Administrator ${owner.administratorId} does not exist.`);
};

export type CreatedApiKey = { readonly key: ApiKey; readonly secret: string };

/** Creates a key; the secret is returned once here and never again (only its hash is stored). */
export const createApiKey = async (
  ports: IamPorts,
  principal: Principal,
  owner: KeyOwner,
): Promise<Result<CreatedApiKey, Forbidden | RootKeyRefused | AdministratorMissing | KeyLimitReached>> => {
  const allowed = mayManage(principal, owner, 'ram:CreateAccessKey');
  if (!allowed.ok) return allowed;
  const exists = await ownerExists(ports, principal, owner);
  if (!exists.ok) return exists;
  return issueKey(ports, principal.accountId, owner);
};

export const issueKey = async (
  ports: Pick<IamPorts, 'ids' | 'secrets' | 'sealer' | 'clock' | 'apiKeys'>,
  accountId: ApiKey['accountId'],
  owner: KeyOwner,
): Promise<Result<CreatedApiKey, AdministratorMissing | KeyLimitReached>> => {
  const id = ports.ids.apiKeyId();
  const secret = ports.secrets.newApiKeySecret(id);
  const key: ApiKey = {
    accountId,
    id,
    owner,
    secretHash: ports.secrets.hash(secret),
    sealedSecret: ports.sealer.seal(secret, id),
    status: 'Active',
    createdAt: ports.clock.now().toISOString(),
  };
  const saved = await ports.apiKeys.create(key);
  return saved.ok ? ok({ key, secret }) : saved;
};

export const listApiKeys = async (
  ports: IamPorts,
  principal: Principal,
  owner: KeyOwner,
): Promise<Result<readonly ApiKey[], Forbidden | RootKeyRefused | AdministratorMissing>> => {
  const allowed = mayManage(principal, owner, 'ram:ListAccessKeys');
  if (!allowed.ok) return allowed;
  const exists = await ownerExists(ports, principal, owner);
  if (!exists.ok) return exists;
  return ok(await ports.apiKeys.list(principal.accountId, owner));
};

const ownedKey = async (ports: IamPorts, principal: Principal, owner: KeyOwner, id: ApiKeyId): Promise<Result<ApiKey, ApiKeyMissing>> => {
  const key = await ports.apiKeys.get(principal.accountId, owner, id);
  return key ? ok(key) : fail('EntityNotExists.ApiKey', `API key ${id} does not exist.`);
};

export const setApiKeyStatus = async (
  ports: IamPorts,
  principal: Principal,
  owner: KeyOwner,
  id: ApiKeyId,
  status: ApiKey['status'],
): Promise<Result<ApiKey, Forbidden | RootKeyRefused | ApiKeyMissing>> => {
  const allowed = mayManage(principal, owner, 'ram:UpdateAccessKey');
  if (!allowed.ok) return allowed;
  const key = await ownedKey(ports, principal, owner, id);
  if (!key.ok) return key;
  await ports.apiKeys.setStatus(key.value, status);
  return ok({ ...key.value, status });
};

export const deleteApiKey = async (
  ports: IamPorts,
  principal: Principal,
  owner: KeyOwner,
  id: ApiKeyId,
): Promise<Result<void, Forbidden | RootKeyRefused | ApiKeyMissing>> => {
  const allowed = mayManage(principal, owner, 'ram:DeleteAccessKey');
  if (!allowed.ok) return allowed;
  const key = await ownedKey(ports, principal, owner, id);
  if (!key.ok) return key;
  await ports.apiKeys.delete(key.value);
  return ok(undefined);
};

export const administratorOwner = (administratorId: AdministratorId): KeyOwner => ({ kind: 'administrator', administratorId });
