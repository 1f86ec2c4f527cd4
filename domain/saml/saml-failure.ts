import { fail, type Err, type Failure } from '../shared/result';

/**
 * Why a SAML message was refused. One code per check, so the portal can log which rule fired and an
 * operator can tell a clock problem (`Saml.TimeWindow`) from a misconfigured IdP (`Saml.Audience`) or
 * an attack (`Saml.Signature`, `Saml.Replay`). The message is for logs and administrators: the portal
 * shows end users a generic "sign-in failed" page (never the reason, which would help an attacker).
 */
export type SamlFailureCode =
  | 'Saml.Signature'
  | 'Saml.Issuer'
  | 'Saml.Audience'
  | 'Saml.Destination'
  | 'Saml.Recipient'
  | 'Saml.TimeWindow'
  | 'Saml.InResponseTo'
  | 'Saml.Replay'
  | 'Saml.Malformed'
  | 'Saml.Status'
  | 'Saml.NameId';

export type SamlFailure = Failure<SamlFailureCode>;

export const samlFail = (code: SamlFailureCode, message: string): Err<SamlFailure> => fail(code, message);
