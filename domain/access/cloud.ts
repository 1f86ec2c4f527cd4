import type { AccountId, DirectoryId } from '../shared/ids';
import type { PermissionPolicies } from './permission-policies';

/**
 * The cloud side of CloudSSO: what Atrium creates in each member account, and how that account lets a
 * user in. In AWS this is the cloud's own RAM/IAM API; the embedded default is the sandbox cloud
 * (`adapters/sandbox-cloud/`), which keeps the same state in the store and verifies sign-ins as a
 * cloud does.
 */

/** The SAML provider in a member account that trusts a directory's IdP (Atrium). */
export type SamlProviderSpec = {
  readonly accountId: AccountId;
  /** `AliyunReservedSSO-<directory id>`. */
  readonly name: string;
  readonly idpEntityId: string;
  /** Base64 DER bodies of every certificate the IdP publishes (active and during rotation, the others). */
  readonly certificates: readonly string[];
  readonly description: string;
};

/** The role an access configuration becomes in a member account. */
export type RoleSpec = {
  readonly accountId: AccountId;
  /** `AliyunReservedSSO-<access configuration name>`. */
  readonly name: string;
  /** The SAML provider the role trusts (its trust policy names it as the federated principal). */
  readonly samlProviderName: string;
  /** Seconds; the cloud refuses sign-ins that ask for longer. */
  readonly maxSessionDuration: number;
  readonly policies: PermissionPolicies;
  readonly description: string;
};

/** Temporary credentials, as STS AssumeRoleWithSAML returns them. */
export type TemporaryCredentials = {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken: string;
  readonly expiration: string;
};

/**
 * Writes into member accounts. Every method is idempotent (put = create or replace, delete of an
 * absent thing succeeds), so a level-triggered worker can call them again after any crash. Failures
 * throw: the task is retried.
 */
export interface CloudProvisioner {
  putSamlProvider(spec: SamlProviderSpec): Promise<void>;
  deleteSamlProvider(accountId: AccountId, name: string): Promise<void>;
  putRole(spec: RoleSpec): Promise<void>;
  deleteRole(accountId: AccountId, name: string): Promise<void>;
  /** Names of the roles in the account that start with `prefix`. */
  listRoles(accountId: AccountId, prefix: string): Promise<readonly string[]>;
}

/** Where a cloud takes SAML sign-ins, and how it names things in the assertion. */
export type CloudSignInEndpoint = {
  /** The URL the browser posts the SAML Response to (Alibaba Cloud: signin.aliyun.com/saml-role/sso). */
  readonly url: string;
  /** The audience the cloud expects (Alibaba Cloud: `urn:alibaba:cloudcomputing`; AWS: `urn:amazon:webservices`). */
  readonly audience: string;
  readonly flavour: 'alibaba' | 'aws';
};

/** Exchanges a signed SAML Response for temporary credentials (STS AssumeRoleWithSAML). */
export interface CloudCredentialBroker {
  assumeRoleWithSaml(input: {
    readonly accountId: AccountId;
    readonly roleName: string;
    readonly samlProviderName: string;
    /** Base64, as posted. */
    readonly samlResponse: string;
    readonly durationSeconds: number;
  }): Promise<TemporaryCredentials>;
}

/** What goes into a signed IdP-initiated SAML Response. */
export type SignInAssertion = {
  readonly directoryId: DirectoryId;
  /** Atrium's IdP entity id for the directory. */
  readonly issuer: string;
  readonly destination: string;
  readonly audience: string;
  readonly nameId: string;
  readonly nameIdFormat: string;
  /** Attribute name → values, in order. */
  readonly attributes: Readonly<Record<string, readonly string[]>>;
  readonly now: Date;
  /** How long the assertion may be presented (not the cloud session's length). */
  readonly validForSeconds: number;
  /** Its own session length; clouds carry it in an attribute too. */
  readonly sessionNotOnOrAfter: Date;
};

/** Signs SAML Responses with the directory's active IdP key. */
export interface SignInResponseSigner {
  /** Returns the base64 of the signed `<samlp:Response>` (HTTP-POST binding). */
  sign(assertion: SignInAssertion): Promise<string>;
}
