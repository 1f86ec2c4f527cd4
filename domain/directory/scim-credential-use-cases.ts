import type { Principal } from '../iam/principal';
import type { DirectoryId, ScimCredentialId } from '../shared/ids';
import { fail, ok, type Failure, type Result } from '../shared/result';
import { byPrincipal, openDirectory, type DirectoryAccessError } from './actor';
import type { DirectoryPorts } from './directory-ports';
import type { ScimCredentialLimit } from './ports';
import { isUsable, SCIM_CREDENTIAL_LIFETIME_MS, type ScimCredential } from './scim-credential';

export type ScimCredentialMissing = Failure<'EntityNotExists.SCIMCredential'>;
const missing = (id: string) => fail('EntityNotExists.SCIMCredential', `SCIM credential ${id} does not exist.`);

/** Creates a bearer token for the directory's SCIM endpoint; the secret is returned only here. */
export const createScimCredential = async (
  ports: DirectoryPorts,
  principal: Principal,
  directoryId: DirectoryId,
): Promise<Result<{ credential: ScimCredential; secret: string }, DirectoryAccessError | ScimCredentialLimit>> => {
  const directory = await openDirectory(ports, byPrincipal(principal), directoryId, 'cloudsso:CreateSCIMServerCredential');
  if (!directory.ok) return directory;
  const id = ports.ids.scimCredentialId();
  const secret = ports.secrets.newScimToken(id);
  const now = ports.clock.now();
  const credential: ScimCredential = {
    directoryId,
    id,
    type: 'BearerToken',
    status: 'Enabled',
    secretHash: ports.secrets.hash(secret),
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + SCIM_CREDENTIAL_LIFETIME_MS).toISOString(),
  };
  const saved = await ports.scimCredentials.create(credential);
  return saved.ok ? ok({ credential, secret }) : saved;
};

export const listScimCredentials = async (
  ports: DirectoryPorts,
  principal: Principal,
  directoryId: DirectoryId,
): Promise<Result<readonly ScimCredential[], DirectoryAccessError>> => {
  const directory = await openDirectory(ports, byPrincipal(principal), directoryId, 'cloudsso:ListSCIMServerCredentials');
  if (!directory.ok) return directory;
  return ok(await ports.scimCredentials.list(directoryId));
};

export const setScimCredentialStatus = async (
  ports: DirectoryPorts,
  principal: Principal,
  directoryId: DirectoryId,
  id: ScimCredentialId,
  status: ScimCredential['status'],
): Promise<Result<ScimCredential, DirectoryAccessError | ScimCredentialMissing>> => {
  const directory = await openDirectory(ports, byPrincipal(principal), directoryId, 'cloudsso:UpdateSCIMServerCredentialStatus');
  if (!directory.ok) return directory;
  const credential = await ports.scimCredentials.get(directoryId, id);
  if (!credential) return missing(id);
  await ports.scimCredentials.setStatus(credential, status);
  return ok({ ...credential, status });
};

export const deleteScimCredential = async (
  ports: DirectoryPorts,
  principal: Principal,
  directoryId: DirectoryId,
  id: ScimCredentialId,
): Promise<Result<void, DirectoryAccessError | ScimCredentialMissing>> => {
  const directory = await openDirectory(ports, byPrincipal(principal), directoryId, 'cloudsso:DeleteSCIMServerCredential');
  if (!directory.ok) return directory;
  const credential = await ports.scimCredentials.get(directoryId, id);
  if (!credential) return missing(id);
  await ports.scimCredentials.delete(credential);
  return ok(undefined);
};

export type InvalidScimToken = Failure<'InvalidSCIMToken'>;

/**
 * Authenticates an IdP's bearer token. The lookup is by hash, so no secret is compared byte by byte;
 * expired, disabled and deleted tokens all fail alike.
 */
export const authenticateScim = async (
  ports: Pick<DirectoryPorts, 'scimCredentials' | 'secrets' | 'clock'>,
  presented: string | undefined,
): Promise<Result<ScimCredential, InvalidScimToken>> => {
  const invalid = () => fail('InvalidSCIMToken', 'The SCIM bearer token is missing, unknown, disabled or expired.');
  if (!presented || presented.length > 256) return invalid();
  const credential = await ports.scimCredentials.findBySecretHash(ports.secrets.hash(presented));
  return credential && isUsable(credential, ports.clock.now()) ? ok(credential) : invalid();
};
