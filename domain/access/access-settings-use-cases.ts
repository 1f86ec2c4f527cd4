import { openDirectory, type Actor, type DirectoryAccessError } from '../directory/actor';
import type { DirectoryId } from '../shared/ids';
import { ok, type Result } from '../shared/result';
import type { ConcurrentModification } from '../shared/store-outcomes';
import type { AccessPorts } from './access-ports';
import { defaultAccessSettings, type AccessSettings } from './access-settings';

export const getAccessSettings = async (ports: AccessPorts, actor: Actor, directoryId: DirectoryId): Promise<Result<AccessSettings, DirectoryAccessError>> => {
  const directory = await openDirectory(ports, actor, directoryId, 'cloudsso:GetDirectory');
  if (!directory.ok) return directory;
  return ok((await ports.accessSettings.get(directoryId)) ?? defaultAccessSettings(directoryId));
};

export const setAccessSettings = async (
  ports: AccessPorts,
  actor: Actor,
  directoryId: DirectoryId,
  changes: { readonly autoReprovision?: boolean | undefined },
): Promise<Result<AccessSettings, DirectoryAccessError | ConcurrentModification>> => {
  const directory = await openDirectory(ports, actor, directoryId, 'cloudsso:UpdateDirectory');
  if (!directory.ok) return directory;
  const stored = await ports.accessSettings.get(directoryId);
  const current = stored ?? defaultAccessSettings(directoryId);
  const next: AccessSettings = {
    ...current,
    autoReprovision: changes.autoReprovision ?? current.autoReprovision,
    updatedAt: ports.clock.now().toISOString(),
    version: current.version + 1,
  };
  const saved = await ports.accessSettings.put(next, stored);
  return saved.ok ? ok(next) : saved;
};
