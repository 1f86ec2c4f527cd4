import { authorize, type Forbidden, type Principal } from '../iam/principal';
import type { Action } from '../iam/policies';
import type { DirectoryId, ScimCredentialId } from '../shared/ids';
import { fail, ok, type Failure, type Result } from '../shared/result';
import type { Directory } from './directory';
import type { DirectoryPorts } from './directory-ports';
import type { ProvisionType } from './user';

/**
 * Who changes a directory: a management API principal (REST, RPC, console) or an IdP through SCIM.
 * Both reach the same use cases; the actor decides authorization and the provision type of what it
 * creates.
 */
export type Actor =
  | { readonly kind: 'principal'; readonly principal: Principal }
  | { readonly kind: 'scim'; readonly directoryId: DirectoryId; readonly credentialId: ScimCredentialId };

export const byPrincipal = (principal: Principal): Actor => ({ kind: 'principal', principal });

export type DirectoryMissing = Failure<'EntityNotExists.Directory'>;
export type ScimDisabled = Failure<'Forbidden.SCIMSynchronizationDisabled'>;
export type DirectoryAccessError = Forbidden | DirectoryMissing | ScimDisabled;

export const provisionTypeOf = (actor: Actor): ProvisionType => (actor.kind === 'scim' ? 'Synchronized' : 'Manual');
export const isScim = (actor: Actor): boolean => actor.kind === 'scim';

const missing = (id: DirectoryId) => fail('EntityNotExists.Directory', `Directory ${id} does not exist.`);

/**
 * The first step of every directory operation: may this actor do `action` here? A principal needs
 * the permission and must belong to the directory's management account; a SCIM credential only
 * reaches its own directory, and only while SCIM synchronization is on.
 */
export const openDirectory = async (
  ports: Pick<DirectoryPorts, 'directories'>,
  actor: Actor,
  directoryId: DirectoryId,
  action: Action,
): Promise<Result<Directory, DirectoryAccessError>> => {
  if (actor.kind === 'principal') {
    const allowed = authorize(actor.principal, action);
    if (!allowed.ok) return allowed;
  } else if (actor.directoryId !== directoryId) {
    return missing(directoryId);
  }
  const directory = await ports.directories.get(directoryId);
  if (!directory) return missing(directoryId);
  if (actor.kind === 'principal' && directory.managementAccountId !== actor.principal.accountId) return missing(directoryId);
  if (actor.kind === 'scim' && !directory.scimSynchronization) {
    return fail('Forbidden.SCIMSynchronizationDisabled', 'SCIM synchronization is turned off for this directory.');
  }
  return ok(directory);
};
