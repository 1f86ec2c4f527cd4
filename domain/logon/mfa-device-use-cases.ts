import { byPrincipal, openDirectory, type DirectoryAccessError } from '../directory/actor';
import type { Principal } from '../iam/principal';
import type { DirectoryId, UserId } from '../shared/ids';
import { fail, ok, type Failure, type Result } from '../shared/result';
import type { LogonPorts } from './logon-ports';
import type { MfaDevice } from './mfa';

export type DeviceMissing = Failure<'EntityNotExists.MFADevice'>;

export const listUserMfaDevices = async (
  ports: LogonPorts,
  principal: Principal,
  directoryId: DirectoryId,
  userId: UserId,
): Promise<Result<readonly MfaDevice[], DirectoryAccessError | Failure<'EntityNotExists.User'>>> => {
  const directory = await openDirectory(ports, byPrincipal(principal), directoryId, 'cloudsso:ListMFADevicesForUser');
  if (!directory.ok) return directory;
  if (!(await ports.users.get(directoryId, userId))) return fail('EntityNotExists.User', `User ${userId} does not exist.`);
  return ok(await ports.mfaDevices.list(directoryId, userId));
};

/** An administrator removes a lost device; the user enrols a new one at the next logon if MFA is required. */
export const deleteUserMfaDevice = async (
  ports: LogonPorts,
  principal: Principal,
  directoryId: DirectoryId,
  userId: UserId,
  deviceId: string,
): Promise<Result<void, DirectoryAccessError | DeviceMissing>> => {
  const directory = await openDirectory(ports, byPrincipal(principal), directoryId, 'cloudsso:DeleteMFADeviceForUser');
  if (!directory.ok) return directory;
  const device = await ports.mfaDevices.get(directoryId, userId, deviceId);
  if (!device) return fail('EntityNotExists.MFADevice', `MFA device ${deviceId} does not exist.`);
  await ports.mfaDevices.delete(directoryId, userId, deviceId);
  return ok(undefined);
};
