import type { InstanceId } from '../../shared/ids';
import type { SamlAssertionContents, SamlStatusContents } from './assertion';

/**
 * Signs an instance's SAML Responses with the instance's Active signing key (RSA-SHA256). Both return
 * the base64 of the `<samlp:Response>`, ready for the HTTP-POST binding. Key-store failures are thrown.
 */
export interface SamlResponseSigner {
  /** A Success Response carrying the signed assertion. */
  signAssertion(instanceId: InstanceId, contents: SamlAssertionContents): Promise<string>;
  /** A Response with the error's StatusCode and no assertion. */
  signStatus(instanceId: InstanceId, contents: SamlStatusContents): Promise<string>;
}
