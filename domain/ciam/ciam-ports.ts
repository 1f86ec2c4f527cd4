import type { IdpSigningKeyRepository } from '../access/idp-signing-key';
import type { IamPorts } from '../iam/iam-ports';
import type { InstanceId } from '../shared/ids';
import type { PasswordHasher } from '../logon/ports';
import type { TaskQueue, TaskRepository } from '../tasks/ports';
import type { ApplicationRepository } from './application-ports';
import type { CustomerRepository } from './customer-ports';
import type { InstanceAdministratorRepository, InstanceRepository } from './ports';

/** Everything the CIAM use cases need; the composition root passes the container. */
export type CiamPorts = IamPorts & {
  readonly instances: InstanceRepository;
  /** The instance's signing keys: its JWKS, ID and access tokens, SAML responses. */
  readonly instanceSigningKeys: IdpSigningKeyRepository<InstanceId>;
  readonly instanceAdministrators: InstanceAdministratorRepository;
  readonly applications: ApplicationRepository;
  readonly tasks: TaskRepository;
  readonly taskQueue: TaskQueue;
  readonly customers: CustomerRepository;
  /** argon2id for customers' passwords: the same hasher (and parameters) as directory users'. */
  readonly hasher: PasswordHasher;
};
