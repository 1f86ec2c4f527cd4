import type { Administrator } from '../../../domain/iam/administrator';
import { ownerLabel, type ApiKey } from '../../../domain/iam/api-key';

export const presentAdministrator = (a: Administrator) => ({
  id: a.id,
  name: a.name,
  displayName: a.displayName,
  policies: [...a.policies],
  createdAt: a.createdAt,
  updatedAt: a.updatedAt,
});

export const presentApiKey = (k: ApiKey) => ({
  id: k.id,
  owner: k.owner.kind === 'account' ? 'account' : ownerLabel(k.owner).replace(' ', ':'),
  status: k.status,
  signsRequests: k.sealedSecret !== undefined,
  createdAt: k.createdAt,
});
