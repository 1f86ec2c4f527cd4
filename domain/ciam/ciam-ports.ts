import type { IamPorts } from '../iam/iam-ports';
import type { TaskQueue, TaskRepository } from '../tasks/ports';
import type { InstanceAdministratorRepository, InstanceRepository } from './ports';

/** Everything the CIAM use cases need; the composition root passes the container. */
export type CiamPorts = IamPorts & {
  readonly instances: InstanceRepository;
  readonly instanceAdministrators: InstanceAdministratorRepository;
  readonly tasks: TaskRepository;
  readonly taskQueue: TaskQueue;
};
