import { startSamlIdp as start, type SamlIdpProcess } from '../../../scripts/local/saml-idp';

export type { SamlIdpProcess };

/** The `saml-idp` package as a real IdP on a loopback port, for one SP (see scripts/local/saml-idp.ts). */
export const startSamlIdp = (sp: { acsUrl: string; entityId: string }, issuer = 'urn:atrium:test:saml-idp'): Promise<SamlIdpProcess> => start(sp, { issuer });
