import type { Clock } from '../shared/clock';
import type { IdGenerator } from '../shared/ids';
import type { TaskQueue, TaskRepository } from '../tasks/ports';
import type { AccountRepository, ResourceDirectoryRepository } from './ports';

export type OrgPorts = {
  readonly accounts: AccountRepository;
  readonly resourceDirectories: ResourceDirectoryRepository;
  readonly tasks: TaskRepository;
  readonly taskQueue: TaskQueue;
  readonly ids: IdGenerator;
  readonly clock: Clock;
};
