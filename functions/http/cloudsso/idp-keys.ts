import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { idpEntityId } from '../../../domain/access/idp-entity';
import type { IdpSigningKey } from '../../../domain/access/idp-signing-key';
import { activateIdpSigningKey, addPendingIdpSigningKey, listIdpSigningKeys } from '../../../domain/access/idp-signing-key-use-cases';
import type { DirectoryId } from '../../../domain/shared/ids';
import type { Container } from '../../wire';
import { orThrow } from '../management/api-error';
import type { ManagementEnv } from '../management/env';
import { publicOrigin } from '../management/origin';
import * as r from './idp-key-routes';

const presentKey = (k: IdpSigningKey) => ({ keyId: k.keyId, status: k.status, certificate: k.certificate, createdAt: k.createdAt, notAfter: k.notAfter });

const presentList = (keys: readonly IdpSigningKey[], directoryId: DirectoryId, c: Context) => ({
  keys: keys.map(presentKey),
  entityId: idpEntityId(directoryId),
  metadataUrl: `${publicOrigin(c)}/saml/${directoryId}/idp/metadata`,
});

/** Atrium's IdP signing keys (towards member accounts) and their two-phase rotation. */
export const registerIdpKeys = (app: OpenAPIHono<ManagementEnv>, deps: () => Container) => {
  const dirOf = (p: { directoryId: string }) => p.directoryId as DirectoryId;
  app.openapi(r.listIdpSigningKeysRoute, async (c) => {
    const d = dirOf(c.req.valid('param'));
    return c.json(presentList(orThrow(await listIdpSigningKeys(deps(), c.get('principal'), d)), d, c), 200);
  });
  app.openapi(r.addIdpSigningKeyRoute, async (c) => {
    const d = dirOf(c.req.valid('param'));
    return c.json(presentKey(orThrow(await addPendingIdpSigningKey(deps(), c.get('principal'), d))), 201);
  });
  app.openapi(r.activateIdpSigningKeyRoute, async (c) => {
    const p = c.req.valid('param');
    const d = dirOf(p);
    return c.json(presentList(orThrow(await activateIdpSigningKey(deps(), c.get('principal'), d, p.keyId)), d, c), 200);
  });
};
