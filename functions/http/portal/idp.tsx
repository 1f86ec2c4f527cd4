import type { Context, Hono } from 'hono';
import { atriumIdpMetadata, idpEntityId } from '../../../domain/access/idp-entity';
import { publishedKeys } from '../../../domain/access/idp-signing-key';
import type { DirectoryId } from '../../../domain/shared/ids';
import type { Container } from '../../wire';
import { publicOrigin } from '../management/origin';
import { MessagePage } from './pages';

/**
 * Atrium as the IdP of a directory's member accounts: its SAML metadata, for a cloud configured by hand
 * (the provisioning worker writes the same entity id and certificates into each account by itself).
 * Every published key is listed, so a relying party that imports it mid-rotation trusts both keys.
 */
export const registerIdp = (app: Hono<{ Variables: { requestId: string; logger: Container['logger'] } }>, deps: () => Container) => {
  app.get('/saml/:id/idp/metadata', async (c: Context) => {
    const id = c.req.param('id') ?? '';
    const directory = /^d-[a-z0-9]{1,32}$/.test(id) ? await deps().directories.get(id as DirectoryId) : undefined;
    if (!directory) return c.html(<MessagePage directoryName="" title="Not found" message="There is no such directory." />, 404);
    const keys = await deps().idpSigningKeys.ensureActive(directory.id, deps().clock.now());
    const xml = atriumIdpMetadata({
      entityId: idpEntityId(directory.id),
      certificates: publishedKeys(keys.keys).map((k) => k.certificate),
      ssoUrl: `${publicOrigin(c)}/portal/${directory.name}/login`,
    });
    return c.body(xml, 200, {
      'content-type': 'application/samlmetadata+xml; charset=utf-8',
      'content-disposition': `attachment; filename="atrium-idp-${directory.id}.xml"`,
    });
  });
};
