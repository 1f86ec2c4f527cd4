import { createRoute, z } from '@hono/zod-openapi';
import { BEARER, errorResponses, json } from '../management/schemas';
import { DirectoryIdParam } from './schemas';

const tags = ['CloudSSO IdP signing keys'];
const base = '/api/v1/cloudsso/directories/{directoryId}/saml-idp/signing-keys';
const Dir = z.strictObject({ directoryId: DirectoryIdParam });

const SigningKey = z
  .object({
    keyId: z.string(),
    status: z.enum(['Active', 'Pending', 'Previous']).openapi({
      description: 'Active signs; Pending is published but does not sign yet; Previous signed before the last activation and is still trusted.',
    }),
    certificate: z.string().openapi({ description: 'Base64 DER body of the self-signed X.509 certificate.' }),
    createdAt: z.string(),
    notAfter: z.string(),
  })
  .openapi('IdpSigningKey');

const KeyList = z.object({
  keys: z.array(SigningKey),
  entityId: z.string().openapi({ description: "Atrium's IdP entity id for this directory." }),
  metadataUrl: z.string(),
});

export const listIdpSigningKeysRoute = createRoute({
  method: 'get', path: base, tags, security: BEARER, summary: "The certificates Atrium publishes as this directory's IdP towards member accounts",
  request: { params: Dir }, responses: { 200: json(KeyList, 'Published keys, Active first'), ...errorResponses(404) },
});

export const addIdpSigningKeyRoute = createRoute({
  method: 'post', path: base, tags, security: BEARER,
  summary: 'Rotation, phase one: add a Pending key (published to member accounts, not yet signing)',
  request: { params: Dir }, responses: { 201: json(SigningKey, 'The Pending key'), ...errorResponses(404, 409) },
});

export const activateIdpSigningKeyRoute = createRoute({
  method: 'post', path: `${base}/{keyId}/activate`, tags, security: BEARER,
  summary: 'Rotation, phase two: the Pending key signs from now on; the old Active key stays trusted as Previous',
  request: { params: Dir.extend({ keyId: z.string().regex(/^idpkey-[a-f0-9]{1,32}$/) }) },
  responses: { 200: json(KeyList, 'Published keys after activation'), ...errorResponses(404, 409) },
});

export const idpKeyRoutes = [listIdpSigningKeysRoute, addIdpSigningKeyRoute, activateIdpSigningKeyRoute];
