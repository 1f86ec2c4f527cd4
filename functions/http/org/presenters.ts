import type { Folder } from '../../../domain/org/folder';
import type { ResourceDirectory } from '../../../domain/org/resource-directory';
import type { Task } from '../../../domain/tasks/task';

export const presentDirectory = (d: ResourceDirectory) => ({
  id: d.id,
  managementAccountId: d.managementAccountId,
  rootFolderId: d.rootFolderId,
  createdAt: d.createdAt,
});

export const presentFolder = (f: Folder) => ({
  id: f.id,
  name: f.name,
  parentId: f.parentId,
  depth: f.depth,
  createdAt: f.createdAt,
});

export const presentTask = (t: Task) => {
  const { type, ...target } = t.work;
  return {
    id: t.id,
    type,
    status: t.status,
    target,
    attempts: t.attempts,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    ...(t.finishedAt ? { finishedAt: t.finishedAt } : {}),
    ...(t.failureReason ? { failureReason: t.failureReason } : {}),
  };
};
