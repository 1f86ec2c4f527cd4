import { z } from 'zod';
import { getDirectory, setScimSynchronization } from '../../../../domain/directory/directory-use-cases';
import type { ScimCredential } from '../../../../domain/directory/scim-credential';
import {
  createScimCredential,
  deleteScimCredential,
  listScimCredentials,
  setScimCredentialStatus,
} from '../../../../domain/directory/scim-credential-use-cases';
import type { DirectoryId, ScimCredentialId } from '../../../../domain/shared/ids';
import { ok } from '../../../../domain/shared/result';
import { operation } from '../rpc-operation';
import { pop } from '../rpc-params';
import { DirectoryIdParam } from './directory';

const CredentialId = { CredentialId: pop.id<ScimCredentialId>() };
const STATUS = z.enum(['Enabled', 'Disabled']);

/** `SCIMServerCredential` as CloudSSO's API shows it; the secret only ever in CreateSCIMServerCredential. */
const popCredential = (c: ScimCredential) => ({
  DirectoryId: c.directoryId,
  CredentialId: c.id,
  CredentialType: c.type,
  Status: c.status,
  CreateTime: c.createdAt,
  ExpireTime: c.expiresAt,
});

/** SCIM bearer tokens and SCIM synchronization: the REST API's scim-credentials and scim-synchronization routes. */
export const scimOperations = [
  operation({
    action: 'CreateSCIMServerCredential',
    params: z.object(DirectoryIdParam),
    audit: 'cloudsso:CreateSCIMServerCredential',
    run: async ({ deps, principal }, p) => {
      const out = await createScimCredential(deps, principal, p.DirectoryId);
      return out.ok ? ok({ SCIMServerCredential: { ...popCredential(out.value.credential), CredentialSecret: out.value.secret } }) : out;
    },
  }),
  operation({
    action: 'ListSCIMServerCredentials',
    params: z.object(DirectoryIdParam),
    run: async ({ deps, principal }, p) => {
      const out = await listScimCredentials(deps, principal, p.DirectoryId);
      return out.ok ? ok({ SCIMServerCredentials: out.value.map(popCredential), TotalCounts: out.value.length }) : out;
    },
  }),
  operation({
    action: 'UpdateSCIMServerCredentialStatus',
    params: z.object({ ...DirectoryIdParam, ...CredentialId, NewStatus: STATUS }),
    audit: 'cloudsso:UpdateSCIMServerCredentialStatus',
    run: async ({ deps, principal }, p) => {
      const out = await setScimCredentialStatus(deps, principal, p.DirectoryId, p.CredentialId, p.NewStatus);
      return out.ok ? ok({ SCIMServerCredential: popCredential(out.value) }) : out;
    },
  }),
  operation({
    action: 'DeleteSCIMServerCredential',
    params: z.object({ ...DirectoryIdParam, ...CredentialId }),
    audit: 'cloudsso:DeleteSCIMServerCredential',
    run: async ({ deps, principal }, p) => {
      const out = await deleteScimCredential(deps, principal, p.DirectoryId, p.CredentialId);
      return out.ok ? ok({}) : out;
    },
  }),
  operation({
    action: 'SetSCIMSynchronizationStatus',
    params: z.object({ ...DirectoryIdParam, SCIMSynchronizationStatus: STATUS }),
    audit: 'cloudsso:SetSCIMSynchronizationStatus',
    run: async ({ deps, principal }, p) => {
      const out = await setScimSynchronization(deps, principal, p.DirectoryId, p.SCIMSynchronizationStatus === 'Enabled');
      return out.ok ? ok({}) : out;
    },
  }),
  operation({
    // The REST API shows the status on the directory (GET …/directories/{id}), read by the same use case.
    action: 'GetSCIMSynchronizationStatus',
    params: z.object(DirectoryIdParam),
    run: async ({ deps, principal }, p) => {
      const out = await getDirectory(deps, principal, p.DirectoryId);
      return out.ok ? ok({ SCIMSynchronizationStatus: out.value.scimSynchronization ? 'Enabled' : 'Disabled' }) : out;
    },
  }),
];
