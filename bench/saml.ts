import { validateResponse } from '../adapters/saml/samlify-sp';
import type { SamlIdpConfig } from '../domain/saml/idp-config';
import type { DirectoryId } from '../domain/shared/ids';
import { base64, defaultFields, IDP_CERT_BODY, responseXml, signAssertion } from '../test/support/saml/test-idp';
import { fmt } from './measure';

const COUNT = 300;

/** ACS validations per second on the one Node thread: signature, schema and every check, no store. */
export const benchSaml = async () => {
  const sp = { entityId: 'https://atrium.example/saml/d-bench/metadata', acsUrl: 'https://atrium.example/saml/d-bench/acs' };
  const idp: SamlIdpConfig = {
    directoryId: 'd-bench' as DirectoryId,
    entityId: 'https://idp.example/metadata',
    ssoUrl: 'https://idp.example/sso',
    binding: 'HTTP-Redirect',
    certificates: [IDP_CERT_BODY],
    wantRequestSigned: false,
    updatedAt: new Date().toISOString(),
    version: 1,
  };
  const now = new Date();
  // Signed ahead of the clock: the figure is the ACS's, not the test IdP's signing.
  const responses = Array.from({ length: COUNT + 20 }, () =>
    base64(signAssertion(responseXml(defaultFields({ now, issuer: idp.entityId, acsUrl: sp.acsUrl, audience: sp.entityId })))),
  );
  const seen = new Set<string>();
  const guard = { remember: async (issuer: string, id: string) => !seen.has(`${issuer}#${id}`) && !!seen.add(`${issuer}#${id}`) };
  for (const r of responses.slice(0, 20)) {
    const warm = await validateResponse({ samlResponse: r, idp, sp, now }, guard);
    if (!warm.ok) throw new Error(`warm-up validation failed: ${warm.error.code} ${warm.error.message}`);
  }
  const started = performance.now();
  for (const r of responses.slice(20)) {
    const out = await validateResponse({ samlResponse: r, idp, sp, now }, guard);
    if (!out.ok) throw new Error(out.error.message);
  }
  const perSecond = COUNT / ((performance.now() - started) / 1000);
  console.log(`\n## SAML ACS (one Node thread, ${COUNT} signed responses)`);
  console.log(`validations: ${fmt(perSecond, 0)} /s  (${fmt(1000 / perSecond, 2)} ms each)`);
  return { validationsPerS: perSecond };
};
