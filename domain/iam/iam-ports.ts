import type { AccountRepository } from '../org/ports';
import type { Clock } from '../shared/clock';
import type { IdGenerator } from '../shared/ids';
import type { SecretSealer, SecretService } from './api-key';
import type { AdministratorRepository, ApiKeyRepository } from './ports';

/** Everything the IAM use cases need, passed in by the composition root. */
export type IamPorts = {
  readonly accounts: AccountRepository;
  readonly administrators: AdministratorRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly ids: IdGenerator;
  readonly secrets: SecretService;
  readonly sealer: SecretSealer;
  readonly clock: Clock;
};
