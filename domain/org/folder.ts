import type { FolderId, ResourceDirectoryId } from '../shared/ids';
import { fail, ok, type Failure, type Result } from '../shared/result';

/** A folder of the resource directory; the root folder has no parent and no user-chosen name. */
export type Folder = {
  readonly resourceDirectoryId: ResourceDirectoryId;
  readonly id: FolderId;
  readonly name: string;
  readonly parentId: FolderId | null;
  /** 1 for the root's children; Alibaba Cloud allows five levels below the root. */
  readonly depth: number;
  readonly createdAt: string;
};

export const ROOT_FOLDER_NAME = 'Root';
export const MAX_FOLDER_DEPTH = 5;
// Folder names: 1-24 characters of letters, digits, `_`, `.` and `-`.
export const FOLDER_NAME = /^[\p{L}\p{N}_.-]{1,24}$/u;

export type FolderError = Failure<'InvalidParameter.FolderName' | 'LimitExceeded.FolderDepth'>;

export const rootFolder = (rdId: ResourceDirectoryId, id: FolderId, now: Date): Folder => ({
  resourceDirectoryId: rdId,
  id,
  name: ROOT_FOLDER_NAME,
  parentId: null,
  depth: 0,
  createdAt: now.toISOString(),
});

export const newFolder = (
  parent: Folder,
  id: FolderId,
  name: string,
  now: Date,
): Result<Folder, FolderError> => {
  if (!FOLDER_NAME.test(name)) {
    return fail('InvalidParameter.FolderName', 'FolderName must be 1-24 characters of letters, digits, "_", "." and "-".');
  }
  if (parent.depth >= MAX_FOLDER_DEPTH) {
    return fail('LimitExceeded.FolderDepth', `Folders nest at most ${MAX_FOLDER_DEPTH} levels below the root.`);
  }
  return ok({
    resourceDirectoryId: parent.resourceDirectoryId,
    id,
    name,
    parentId: parent.id,
    depth: parent.depth + 1,
    createdAt: now.toISOString(),
  });
};
