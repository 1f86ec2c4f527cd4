/**
 * A CIAM instance as a SAML 2.0 identity provider. Its entity id is the URL of its metadata
 * (saml-metadata §4.1, "well-known location"), so an SP can fetch what it is told to trust from the
 * identifier itself: `<baseUrl>/ciam/<instanceId>/saml/metadata`. One entity per instance, so an
 * assertion of one instance is never accepted for another.
 */
export const samlIdpEntityId = (baseUrl: string, instanceId: string): string =>
  `${baseUrl.replace(/\/+$/, '')}/ciam/${encodeURIComponent(instanceId)}/saml/metadata`;

/** The SingleSignOnService endpoint (HTTP-Redirect and HTTP-POST bindings alike). */
export const samlSsoUrl = (baseUrl: string, instanceId: string): string => `${baseUrl.replace(/\/+$/, '')}/ciam/${encodeURIComponent(instanceId)}/saml/sso`;
