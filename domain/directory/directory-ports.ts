import type { AccountRepository } from '../org/ports';
import type { Clock } from '../shared/clock';
import type { IdGenerator } from '../shared/ids';
import type { SecretService } from '../shared/secrets';
import type { TaskQueue, TaskRepository } from '../tasks/ports';
import type {
  DirectoryRepository,
  GroupDependencies,
  GroupRepository,
  MembershipRepository,
  ScimCredentialRepository,
  UserDependencies,
  UserRepository,
} from './ports';

export type DirectoryPorts = {
  readonly accounts: AccountRepository;
  readonly directories: DirectoryRepository;
  readonly users: UserRepository;
  readonly groups: GroupRepository;
  readonly memberships: MembershipRepository;
  readonly scimCredentials: ScimCredentialRepository;
  readonly userDependencies: UserDependencies;
  readonly groupDependencies: GroupDependencies;
  readonly taskQueue: TaskQueue;
  readonly tasks: TaskRepository;
  readonly ids: IdGenerator;
  readonly secrets: SecretService;
  readonly clock: Clock;
};
