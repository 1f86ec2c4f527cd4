import { openStandaloneAccount, type AccountInputError, type CloudAccount } from '../org/cloud-account';
import { ok, type Result } from '../shared/result';
import type { CreatedApiKey } from './api-key-use-cases';
import { issueKey } from './api-key-use-cases';
import type { IamPorts } from './iam-ports';

const ID_ATTEMPTS = 3;

/**
 * Opens a cloud account with its first (root) API key. Sign-up is outside Atrium: the platform
 * operator calls this, as a cloud's account system would.
 */
export const openAccount = async (
  ports: IamPorts,
  input: { readonly displayName: string; readonly enterpriseVerified: boolean },
): Promise<Result<{ account: CloudAccount; rootKey: CreatedApiKey }, AccountInputError>> => {
  for (let attempt = 1; ; attempt++) {
    const account = openStandaloneAccount(ports.ids.accountId(), input, ports.clock.now());
    if (!account.ok) return account;
    const created = await ports.accounts.create(account.value);
    if (!created.ok) {
      // A random 16-digit id collided: draw again; more than a few collisions means a broken generator.
      if (attempt < ID_ATTEMPTS) continue;
      throw new Error('account id generator keeps colliding');
    }
    const key = await issueKey(ports, account.value.id, { kind: 'account' });
    if (!key.ok) throw new Error(`a new account could not get its first key: ${key.error.code}`);
    return ok({ account: account.value, rootKey: key.value });
  }
};
