import type { Failure } from '../../shared/result';

/**
 * Why a SAML AuthnRequest got no assertion. Two deliveries, as saml-profiles §4.1.3.5 and §4.1.4.2 leave them:
 * - on a page of ours: the SP is unknown, or the ACS the request names is not the one registered for it
 *   (a Response is never posted to an unverified ACS), or the request cannot be read at all;
 * - as a signed Response with a non-Success StatusCode, posted to the registered ACS: the request was
 *   understood and its SP verified, but it cannot be answered with an assertion (saml-core §3.2.2.2).
 */
export type SamlPageErrorCode =
  | 'Saml.Malformed'
  | 'Saml.UnknownServiceProvider'
  | 'Saml.AcsUrlMismatch'
  | 'Saml.UnsupportedBinding'
  | 'Saml.Destination'
  | 'Saml.RequestExpired'
  | 'Saml.RelayState'
  | 'Saml.RequestNotFound';
export type SamlStatusErrorCode = 'Saml.NoPassive' | 'Saml.UnsupportedNameIdPolicy' | 'Saml.NameIdUnavailable';

export type SamlPageError = Failure<SamlPageErrorCode>;
export type SamlStatusError = Failure<SamlStatusErrorCode>;

export const SAML_STATUS_ERROR_CODES = ['Saml.NoPassive', 'Saml.UnsupportedNameIdPolicy', 'Saml.NameIdUnavailable'] as const satisfies readonly SamlStatusErrorCode[];
