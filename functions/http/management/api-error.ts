import type { Failure, OutcomeCodesOf, Result } from '../../../domain/shared/result';

/**
 * The management API's one mapping from outcome codes to HTTP statuses. The code union is derived
 * from the use cases' own result types, so `satisfies` fails to compile when a use case gains an
 * outcome this table does not map.
 */

type UseCaseCodes =
  | OutcomeCodesOf<typeof import('../../../domain/iam/administrator-use-cases')>
  | OutcomeCodesOf<typeof import('../../../domain/iam/api-key-use-cases')>
  | OutcomeCodesOf<typeof import('../../../domain/iam/authenticate')>
  | OutcomeCodesOf<typeof import('../../../domain/iam/open-account')>
  | OutcomeCodesOf<typeof import('../../../domain/org/resource-directory-use-cases')>
  | OutcomeCodesOf<typeof import('../../../domain/tasks/task-use-cases')>
  | OutcomeCodesOf<typeof import('../../../domain/directory/directory-use-cases')>
  | OutcomeCodesOf<typeof import('../../../domain/directory/user-use-cases')>
  | OutcomeCodesOf<typeof import('../../../domain/directory/group-use-cases')>
  | OutcomeCodesOf<typeof import('../../../domain/directory/scim-credential-use-cases')>
  | OutcomeCodesOf<typeof import('../../../domain/logon/logon-settings-use-cases')>
  | OutcomeCodesOf<typeof import('../../../domain/logon/mfa-device-use-cases')>
  | OutcomeCodesOf<typeof import('../../../domain/access/idp-signing-key-use-cases')>
  | OutcomeCodesOf<typeof import('../../../domain/access/access-configuration-use-cases')>
  | OutcomeCodesOf<typeof import('../../../domain/access/access-assignment-use-cases')>
  | OutcomeCodesOf<typeof import('../../../domain/access/provisioning-use-cases')>
  | OutcomeCodesOf<typeof import('../../../domain/access/access-settings-use-cases')>
  | OutcomeCodesOf<typeof import('../../../domain/ciam/instance-use-cases')>
  | OutcomeCodesOf<typeof import('../../../domain/ciam/instance-administrator-use-cases')>
  | OutcomeCodesOf<typeof import('../../../domain/ciam/instance-signing-key-use-cases')>
  | OutcomeCodesOf<typeof import('../../../domain/ciam/application-use-cases')>
  | OutcomeCodesOf<typeof import('../../../domain/ciam/customer-use-cases')>
  | OutcomeCodesOf<typeof import('../../../domain/metering/usage-use-cases')>
  | OutcomeCodesOf<typeof import('../../../domain/billing/bill-use-cases')>
  | OutcomeCodesOf<typeof import('../../../domain/billing/mau-snapshot-use-cases')>
  | OutcomeCodesOf<typeof import('../../../domain/audit/audit-use-cases')>
  | Exclude<OutcomeCodesOf<typeof import('../../../domain/logon/portal-logon')>, `Logon.${string}` | 'Session.Missing'>
  | Exclude<OutcomeCodesOf<typeof import('../../../domain/logon/saml-logon')>, `Logon.${string}` | `Saml.${string}`>;

/** Failures the HTTP edge itself produces, before any use case runs. */
type EdgeCodes =
  | 'InvalidParameter'
  | 'MalformedJson'
  | 'UnsupportedMediaType'
  | 'PayloadTooLarge'
  | 'NotFound'
  | 'MethodNotAllowed'
  | 'InvalidOperatorToken'
  | 'Throttling'
  | 'Throttling.User'
  | 'ServiceUnavailable'
  | 'InternalError';

export type ApiErrorCode = UseCaseCodes | EdgeCodes;

export const STATUS = {
  InvalidParameter: 400,
  'InvalidParameter.Name': 400,
  'InvalidParameter.DisplayName': 400,
  'InvalidParameter.FolderName': 400,
  'InvalidParameter.NextToken': 400,
  'InvalidParameter.AuditQuery': 400,
  'InvalidParameter.RetentionDays': 400,
  'LimitExceeded.Policy': 400,
  'LimitExceeded.FolderDepth': 400,
  'InvalidParameter.DirectoryName': 400,
  'InvalidParameter.Quota': 400,
  'InvalidParameter.UserName': 400,
  'InvalidParameter.Email': 400,
  'InvalidParameter.FirstName': 400,
  'InvalidParameter.LastName': 400,
  'InvalidParameter.Description': 400,
  'InvalidParameter.ExternalId': 400,
  'InvalidParameter.Tags': 400,
  'InvalidParameter.GroupName': 400,
  'InvalidParameter.PasswordPolicy': 400,
  'InvalidParameter.Password': 400,
  'InvalidParameter.LoginPreference': 400,
  'InvalidParameter.BreakGlass': 400,
  'InvalidParameter.MFADeviceName': 400,
  'InvalidParameter.EntityId': 400,
  'InvalidParameter.SSOUrl': 400,
  'InvalidParameter.BindingType': 400,
  'InvalidParameter.X509Certificate': 400,
  'InvalidParameter.Metadata': 400,
  'InvalidParameter.AccessConfigurationName': 400,
  'InvalidParameter.SessionDuration': 400,
  'InvalidParameter.RelayState': 400,
  'InvalidParameter.PolicyDocument': 400,
  'InvalidParameter.PolicyName': 400,
  'InvalidParameter.ExpiresAt': 400,
  'MissingParameter.Filter': 400,
  MalformedJson: 400,
  InvalidApiKey: 401,
  InvalidOperatorToken: 401,
  InvalidSCIMToken: 401,
  Forbidden: 403,
  'Forbidden.PolicyEscalation': 403,
  'Forbidden.RootApiKey': 403,
  'Forbidden.ManagementAccountOnly': 403,
  'Forbidden.SCIMSynchronizationDisabled': 403,
  NotFound: 404,
  'EntityNotExists.Administrator': 404,
  'EntityNotExists.ApiKey': 404,
  'EntityNotExists.Account': 404,
  'EntityNotExists.ResourceDirectory': 404,
  'EntityNotExists.Folder': 404,
  'EntityNotExists.Task': 404,
  'EntityNotExists.Directory': 404,
  'EntityNotExists.Instance': 404,
  'EntityNotExists.InstanceAdministrator': 404,
  'EntityNotExists.Application': 404,
  'InvalidParameter.ApplicationName': 400,
  'InvalidParameter.Icon': 400,
  'InvalidParameter.ProtocolSettings': 400,
  'InvalidParameter.RedirectUri': 400,
  'InvalidParameter.PostLogoutRedirectUri': 400,
  'InvalidParameter.GrantTypes': 400,
  'InvalidParameter.TokenLifetime': 400,
  'InvalidParameter.SpEntityId': 400,
  'InvalidParameter.AcsUrl': 400,
  'InvalidParameter.AttributeMapping': 400,
  'InvalidParameter.SecretOverlap': 400,
  'InvalidParameter.NoLogonMethod': 400,
  'InvalidParameter.PrimaryLogonMethod': 400,
  'InvalidParameter.SmsSecondFactor': 400,
  'EntityNotExists.Customer': 404,
  'InvalidParameter.Region': 400,
  'InvalidParameter.AccountName': 400,
  'InvalidParameter.Username': 400,
  'InvalidParameter.PhoneNumber': 400,
  'InvalidParameter.Records': 400,
  'InvalidParameter.Month': 400,
  'InvalidParameter.Thresholds': 400,
  'EntityNotExists.User': 404,
  'EntityNotExists.Group': 404,
  'EntityNotExists.SCIMCredential': 404,
  'EntityNotExists.MFADevice': 404,
  'EntityNotExists.SigningKey': 404,
  'EntityNotExists.AccessConfiguration': 404,
  'EntityNotExists.AccessAssignment': 404,
  'EntityNotExists.PermissionPolicy': 404,
  MethodNotAllowed: 405,
  ConcurrentModification: 409,
  'EntityAlreadyExists.Administrator': 409,
  'EntityAlreadyExists.ResourceDirectory': 409,
  'EntityAlreadyExists.Folder': 409,
  'Administrator.CannotDeleteSelf': 409,
  'LimitExceeded.ApiKey': 409,
  'ResourceDirectory.EnterpriseVerificationRequired': 409,
  'Account.AlreadyInResourceDirectory': 409,
  'Account.IsManagementAccount': 409,
  'Account.Removing': 409,
  'Folder.NotEmpty': 409,
  'Folder.IsRoot': 409,
  'EntityAlreadyExists.Directory': 409,
  'EntityAlreadyExists.DirectoryName': 409,
  'EntityAlreadyExists.User': 409,
  'EntityAlreadyExists.UserEmail': 409,
  'EntityAlreadyExists.UserExternalId': 409,
  'EntityAlreadyExists.Group': 409,
  'EntityAlreadyExists.GroupExternalId': 409,
  'DeletionConflict.Directory': 409,
  'DeletionConflict.User': 409,
  'DeletionConflict.User.Group': 409,
  'DeletionConflict.Group.User': 409,
  'DeletionConflict.Group': 409,
  'OperationForbidden.SynchronizedUser': 409,
  'OperationForbidden.SynchronizedGroup': 409,
  'QuotaExceeded.Users': 409,
  'QuotaExceeded.Groups': 409,
  'QuotaExceeded.SCIMCredentials': 409,
  'OperationFailed.SSONotConfigured': 409,
  'OperationForbidden.SSOEnabled': 409,
  'EntityAlreadyExists.PendingSigningKey': 409,
  'OperationConflict.SigningKeyNotPending': 409,
  'OperationConflict.InstanceReleased': 409,
  'OperationConflict.InstanceInitializing': 409,
  'LimitExceeded.Application': 409,
  'EntityAlreadyExists.SpEntityId': 409,
  'OperationNotSupported.ClientSecret': 409,
  'EntityAlreadyExists.InstanceAdministrator': 409,
  'EntityAlreadyExists.Username': 409,
  'EntityAlreadyExists.PhoneNumber': 409,
  'EntityAlreadyExists.Email': 409,
  'EntityAlreadyExists.AccessConfiguration': 409,
  'EntityAlreadyExists.AccessAssignment': 409,
  'EntityAlreadyExists.PermissionPolicy': 409,
  'QuotaExceeded.AccessConfigurations': 409,
  'QuotaExceeded.PermissionPolicies': 409,
  'DeletionConflict.AccessConfiguration.AccessAssignment': 409,
  'DeletionConflict.AccessConfiguration.Provisioning': 409,
  'OperationNotSupported.NotAssigned': 409,
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
  Throttling: 429,
  'Throttling.User': 429,
  InternalError: 500,
  ServiceUnavailable: 503,
} as const satisfies Record<ApiErrorCode, number>;

export type ApiStatus = (typeof STATUS)[ApiErrorCode];

/** A failure on its way to the wire: thrown by handlers, rendered by the app's error handler. */
export class ApiError extends Error {
  readonly status: ApiStatus;
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = STATUS[code];
  }
}

/** Unwraps a use case's result, or throws its failure as an ApiError. */
export const orThrow = <T, E extends Failure>(result: Result<T, E>): T => {
  if (result.ok) return result.value;
  const { code, message, ...details } = result.error;
  throw new ApiError(code as ApiErrorCode, message, Object.keys(details).length ? details : undefined);
};
