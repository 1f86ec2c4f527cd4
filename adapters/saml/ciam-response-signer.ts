import type { SamlAssertionContents, SamlStatusContents } from '../../domain/ciam/saml-idp/assertion';
import type { SamlStatusErrorCode } from '../../domain/ciam/saml-idp/errors';
import type { SamlResponseSigner } from '../../domain/ciam/saml-idp/ports';
import type { InstanceId } from '../../domain/shared/ids';
import { signedResponse, type ActiveKeySource } from './idp-response-signer';

const REQUESTER = 'urn:oasis:names:tc:SAML:2.0:status:Requester';
const RESPONDER = 'urn:oasis:names:tc:SAML:2.0:status:Responder';

/** saml-core §3.2.2.2: every refusal a verified SP is told about, as top-level and second-level StatusCode. */
const STATUS = {
  'Saml.NoPassive': { code: RESPONDER, subCode: 'urn:oasis:names:tc:SAML:2.0:status:NoPassive' },
  'Saml.UnsupportedNameIdPolicy': { code: REQUESTER, subCode: 'urn:oasis:names:tc:SAML:2.0:status:InvalidNameIDPolicy' },
  'Saml.NameIdUnavailable': { code: RESPONDER, subCode: 'urn:oasis:names:tc:SAML:2.0:status:InvalidNameIDPolicy' },
} as const satisfies Record<SamlStatusErrorCode, { code: string; subCode: string }>;

/** A CIAM instance's SAML Responses, signed with the instance's Active key (the one its metadata lists first). */
export class CiamSamlResponseSigner implements SamlResponseSigner {
  constructor(private readonly keys: ActiveKeySource<InstanceId>) {}

  async signAssertion(instanceId: InstanceId, c: SamlAssertionContents): Promise<string> {
    const key = await this.keys.activeSigningKey(instanceId, c.issuedAt);
    const { issuer, destination, issuedAt, inResponseTo, ...assertion } = c;
    return signedResponse({ issuer, destination, issuedAt, inResponseTo, assertion }, key);
  }

  async signStatus(instanceId: InstanceId, c: SamlStatusContents): Promise<string> {
    const key = await this.keys.activeSigningKey(instanceId, c.issuedAt);
    const status = { ...STATUS[c.error.code], message: c.error.message };
    return signedResponse({ issuer: c.issuer, destination: c.destination, issuedAt: c.issuedAt, inResponseTo: c.inResponseTo, status }, key);
  }
}
