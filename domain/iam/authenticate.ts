import { fail, ok, type Failure, type Result } from '../shared/result';
import type { ApiKey } from './api-key';
import type { IamPorts } from './iam-ports';
import type { Principal } from './principal';

export type InvalidApiKey = Failure<'InvalidApiKey'>;

const invalid = () => fail('InvalidApiKey', 'The API key is missing, unknown or inactive.');

/**
 * Turns a presented API key into a principal. The lookup is by hash, so no secret is ever compared
 * byte by byte; every failure reads the same, so callers learn nothing about which keys exist.
 * Policies are read on every call: a change to an administrator's policies applies at once.
 */
export const authenticate = async (
  ports: Pick<IamPorts, 'apiKeys' | 'administrators' | 'accounts' | 'secrets'>,
  presented: string | undefined,
): Promise<Result<Principal, InvalidApiKey>> => {
  if (!presented || presented.length > 256) return invalid();
  return authenticateBySecretHash(ports, ports.secrets.hash(presented));
};

/**
 * As `authenticate`, from the key's hash: the console keeps the hash of the key its user signed in
 * with (never the key), so a key deactivated or deleted ends its console sessions at the next click.
 */
export const authenticateBySecretHash = async (
  ports: Pick<IamPorts, 'apiKeys' | 'administrators' | 'accounts'>,
  secretHash: string,
): Promise<Result<Principal, InvalidApiKey>> => {
  const key = await ports.apiKeys.findBySecretHash(secretHash);
  if (!key || key.status !== 'Active') return invalid();
  const principal = await principalOfKey(ports, key);
  return principal ? ok(principal) : invalid();
};

/** The principal a key stands for, read now; undefined when its owner is gone. */
export const principalOfKey = async (ports: Pick<IamPorts, 'administrators' | 'accounts'>, key: ApiKey): Promise<Principal | undefined> => {
  if (key.owner.kind === 'account') {
    const account = await ports.accounts.get(key.accountId);
    return account ? { kind: 'account', accountId: key.accountId, keyId: key.id } : undefined;
  }
  const admin = await ports.administrators.get(key.accountId, key.owner.administratorId);
  if (!admin) return undefined;
  return {
    kind: 'administrator',
    accountId: admin.accountId,
    administratorId: admin.id,
    name: admin.name,
    policies: admin.policies,
    keyId: key.id,
  };
};
