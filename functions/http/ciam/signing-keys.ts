import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { IdpSigningKey } from '../../../domain/access/idp-signing-key';
import { oidcIssuer } from '../../../domain/ciam/oidc/issuer';
import { activateInstanceSigningKey, addPendingInstanceSigningKey, listInstanceSigningKeys } from '../../../domain/ciam/instance-signing-key-use-cases';
import type { InstanceId } from '../../../domain/shared/ids';
import type { Container } from '../../wire';
import { orThrow } from '../management/api-error';
import type { ManagementEnv } from '../management/env';
import { publicOrigin } from '../management/origin';
import * as r from './signing-key-routes';

const presentKey = (k: IdpSigningKey) => ({ keyId: k.keyId, status: k.status, certificate: k.certificate, createdAt: k.createdAt, notAfter: k.notAfter });
const presentList = (keys: readonly IdpSigningKey[], instanceId: InstanceId, c: Context) => ({
  keys: keys.map(presentKey),
  jwksUri: `${oidcIssuer(publicOrigin(c), instanceId)}/jwks`,
});

/** An instance's signing keys and their two-phase rotation. */
export const registerInstanceSigningKeys = (app: OpenAPIHono<ManagementEnv>, deps: () => Container) => {
  const idOf = (p: { instanceId: string }) => p.instanceId as InstanceId;
  app.openapi(r.listInstanceSigningKeysRoute, async (c) => {
    const id = idOf(c.req.valid('param'));
    return c.json(presentList(orThrow(await listInstanceSigningKeys(deps(), c.get('principal'), id)), id, c), 200);
  });
  app.openapi(r.addInstanceSigningKeyRoute, async (c) =>
    c.json(presentKey(orThrow(await addPendingInstanceSigningKey(deps(), c.get('principal'), idOf(c.req.valid('param'))))), 201),
  );
  app.openapi(r.activateInstanceSigningKeyRoute, async (c) => {
    const p = c.req.valid('param');
    return c.json(presentList(orThrow(await activateInstanceSigningKey(deps(), c.get('principal'), idOf(p), p.keyId)), idOf(p), c), 200);
  });
};
