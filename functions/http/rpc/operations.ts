import type { RpcOperation } from './rpc-operation';
import { accessAssignmentOperations } from './operations/access-assignments';
import { accessConfigurationOperations } from './operations/access-configurations';
import { directoryOperations } from './operations/directory';
import { groupOperations } from './operations/groups';
import { logonOperations } from './operations/logon';
import { scimOperations } from './operations/scim';
import { taskOperations } from './operations/tasks';
import { userOperations } from './operations/users';

/** Every operation the RPC API serves, by area (one file each under operations/). */
export const rpcOperations: readonly RpcOperation[] = [
  ...directoryOperations,
  ...userOperations,
  ...groupOperations,
  ...logonOperations,
  ...scimOperations,
  ...accessConfigurationOperations,
  ...accessAssignmentOperations,
  ...taskOperations,
];
