import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Fixture text from test/unit/saml/fixtures. */
export const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8');

export const expectedCertificates = JSON.parse(fixture('expected-certificates.json')) as Record<string, string[]>;

/** saml-idp's test certificate: RSA 2048, valid 2014-03-12 to 2027-11-19. */
export const SAML_IDP_CERT = readFileSync(
  fileURLToPath(new URL('../../../node_modules/saml-idp/test/test-public-cert.pem', import.meta.url)),
  'utf8',
);
