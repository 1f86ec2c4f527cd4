import { byPrincipal, openDirectory, type DirectoryAccessError } from '../directory/actor';
import type { DirectoryRepository } from '../directory/ports';
import type { Principal } from '../iam/principal';
import type { Clock } from '../shared/clock';
import type { DirectoryId, IdGenerator } from '../shared/ids';
import type { TaskQueue, TaskRepository } from '../tasks/ports';
import { newTask, taskRef } from '../tasks/task';
import { ok, type Result } from '../shared/result';
import type { ConcurrentModification } from '../shared/store-outcomes';
import { activateKeyOf, addPendingKeyTo } from './key-rotation';
import {
  activatePendingKey,
  canAddPendingKey,
  publishedKeys,
  type IdpSigningKey,
  type IdpSigningKeyError,
  type IdpSigningKeyRepository,
} from './idp-signing-key';

export type IdpSigningKeyPorts = {
  readonly directories: DirectoryRepository;
  readonly idpSigningKeys: IdpSigningKeyRepository;
  readonly tasks: TaskRepository;
  readonly taskQueue: TaskQueue;
  readonly ids: IdGenerator;
  readonly clock: Clock;
};

/**
 * The member accounts' SAML providers must trust every published certificate before a key signs,
 * so each rotation step is followed by a task that re-writes them. The task is written before the
 * change (a crash in between leaves a harmless extra run, never a missing one) and sent after it.
 */
const withProviderUpdate = async <T, E>(ports: IdpSigningKeyPorts, directoryId: DirectoryId, change: () => Promise<Result<T, E>>): Promise<Result<T, E>> => {
  const task = newTask({ kind: 'directory', id: directoryId }, ports.ids.taskId(), { type: 'UpdateSamlProviders', directoryId }, ports.clock.now());
  await ports.tasks.create(task);
  const out = await change();
  await ports.taskQueue.enqueue([taskRef(task)]);
  return out;
};

/**
 * The keys Atrium publishes as a directory's IdP (Active first). Reading creates the first key when
 * there is none, so the answer always names the key responses are signed with.
 */
export const listIdpSigningKeys = async (
  ports: IdpSigningKeyPorts,
  principal: Principal,
  directoryId: DirectoryId,
): Promise<Result<IdpSigningKey[], DirectoryAccessError>> => {
  const directory = await openDirectory(ports, byPrincipal(principal), directoryId, 'cloudsso:GetDirectory');
  if (!directory.ok) return directory;
  const set = await ports.idpSigningKeys.ensureActive(directoryId, ports.clock.now());
  return ok(publishedKeys(set.keys));
};

/** Phase one of a rotation: a new key, published but not yet signing. */
export const addPendingIdpSigningKey = async (
  ports: IdpSigningKeyPorts,
  principal: Principal,
  directoryId: DirectoryId,
): Promise<Result<IdpSigningKey, DirectoryAccessError | IdpSigningKeyError | ConcurrentModification>> => {
  const directory = await openDirectory(ports, byPrincipal(principal), directoryId, 'cloudsso:UpdateDirectory');
  if (!directory.ok) return directory;
  const now = ports.clock.now();
  const set = await ports.idpSigningKeys.ensureActive(directoryId, now);
  const allowed = canAddPendingKey(set.keys);
  if (!allowed.ok) return allowed;
  return withProviderUpdate(ports, directoryId, () => addPendingKeyTo(ports.idpSigningKeys, directoryId, set, now));
};

/** Phase two: the Pending key signs from now on; the old Active key stays published as Previous. */
export const activateIdpSigningKey = async (
  ports: IdpSigningKeyPorts,
  principal: Principal,
  directoryId: DirectoryId,
  keyId: string,
): Promise<Result<IdpSigningKey[], DirectoryAccessError | IdpSigningKeyError | ConcurrentModification>> => {
  const directory = await openDirectory(ports, byPrincipal(principal), directoryId, 'cloudsso:UpdateDirectory');
  if (!directory.ok) return directory;
  const set = await ports.idpSigningKeys.get(directoryId);
  const next = activatePendingKey(set.keys, keyId);
  if (!next.ok) return next;
  return withProviderUpdate(ports, directoryId, () => activateKeyOf(ports.idpSigningKeys, directoryId, set, keyId));
};
