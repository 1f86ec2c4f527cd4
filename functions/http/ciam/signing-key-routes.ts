import { createRoute, z } from '@hono/zod-openapi';
import { BEARER, errorResponses, json } from '../management/schemas';
import { InstanceParams } from './schemas';

const tags = ['CIAM instances'];
const base = '/api/v1/ciam/instances/{instanceId}/signing-keys';

const SigningKey = z
  .object({
    keyId: z.string(),
    status: z.enum(['Active', 'Pending', 'Previous']).openapi({
      description: 'Active signs; Pending is published in the JWKS but does not sign yet; Previous signed before the last activation and is still published.',
    }),
    certificate: z.string().openapi({ description: 'Base64 DER body of the self-signed X.509 certificate (also the JWK x5c).' }),
    createdAt: z.string(),
    notAfter: z.string(),
  })
  .openapi('CiamSigningKey');

const KeyList = z.object({ keys: z.array(SigningKey), jwksUri: z.string() });

export const listInstanceSigningKeysRoute = createRoute({
  method: 'get', path: base, tags, security: BEARER, summary: "The instance's published signing keys (its JWKS), Active first",
  request: { params: InstanceParams }, responses: { 200: json(KeyList, 'Published keys'), ...errorResponses(404) },
});
export const addInstanceSigningKeyRoute = createRoute({
  method: 'post', path: base, tags, security: BEARER, summary: 'Rotation, phase one: a Pending key, published in the JWKS, not yet signing',
  request: { params: InstanceParams }, responses: { 201: json(SigningKey, 'The Pending key'), ...errorResponses(404, 409) },
});
export const activateInstanceSigningKeyRoute = createRoute({
  method: 'post', path: `${base}/{keyId}/activate`, tags, security: BEARER,
  summary: 'Rotation, phase two: the Pending key signs from now on; the old Active key stays published as Previous',
  request: { params: InstanceParams.extend({ keyId: z.string().regex(/^idpkey-[a-f0-9]{1,32}$/) }) },
  responses: { 200: json(KeyList, 'Published keys after activation'), ...errorResponses(404, 409) },
});

export const signingKeyRoutes = [listInstanceSigningKeysRoute, addInstanceSigningKeyRoute, activateInstanceSigningKeyRoute];
