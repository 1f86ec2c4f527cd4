/**
 * Every state-changing call of the management API and SCIM, and the action its audit event names.
 * Actions are the RAM actions the use cases authorize (`cloudsso:CreateUser`), so a trail reads like
 * the policies that allowed it; the RPC API and the console record the same names. A test holds this
 * table and the OpenAPI routes together: a new mutating route without an entry fails it.
 */
export type AuditedRoute = {
  readonly method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly action: string;
  /**
   * The trail the event goes to when the path does not name it. A directory's or instance's own
   * creation and deletion are the account's business (before and after, the tenant is gone).
   */
  readonly trail?: 'account';
};

const D = '/api/v1/cloudsso/directories/{directoryId}';
const I = '/api/v1/ciam/instances/{instanceId}';
const A = `${I}/applications/{applicationId}`;

const route = (method: AuditedRoute['method'], path: string, action: string, trail?: 'account'): AuditedRoute =>
  trail ? { method, path, action, trail } : { method, path, action };

export const MANAGEMENT_AUDITED_ROUTES: readonly AuditedRoute[] = [
  // Administrators (RAM users) and API keys: the account's trail.
  route('POST', '/api/v1/administrators', 'ram:CreateUser'),
  route('PATCH', '/api/v1/administrators/{administratorId}', 'ram:UpdateUser'),
  route('DELETE', '/api/v1/administrators/{administratorId}', 'ram:DeleteUser'),
  route('POST', '/api/v1/administrators/{administratorId}/api-keys', 'ram:CreateAccessKey'),
  route('PATCH', '/api/v1/administrators/{administratorId}/api-keys/{keyId}', 'ram:UpdateAccessKey'),
  route('DELETE', '/api/v1/administrators/{administratorId}/api-keys/{keyId}', 'ram:DeleteAccessKey'),
  route('POST', '/api/v1/account/api-keys', 'ram:CreateAccessKey'),
  route('PATCH', '/api/v1/account/api-keys/{keyId}', 'ram:UpdateAccessKey'),
  route('DELETE', '/api/v1/account/api-keys/{keyId}', 'ram:DeleteAccessKey'),
  route('POST', '/api/v1/operator/accounts', 'operator:OpenAccount'),
  // Resource directory.
  route('POST', '/api/v1/resource-directory', 'resourcemanager:EnableResourceDirectory'),
  route('POST', '/api/v1/resource-directory/accounts', 'resourcemanager:CreateResourceAccount'),
  route('PATCH', '/api/v1/resource-directory/accounts/{accountId}', 'resourcemanager:UpdateAccount'),
  route('DELETE', '/api/v1/resource-directory/accounts/{accountId}', 'resourcemanager:DeleteAccount'),
  route('POST', '/api/v1/resource-directory/folders', 'resourcemanager:CreateFolder'),
  route('DELETE', '/api/v1/resource-directory/folders/{folderId}', 'resourcemanager:DeleteFolder'),
  // CloudSSO.
  route('PUT', '/api/v1/cloudsso/service', 'cloudsso:EnableService', 'account'),
  route('POST', '/api/v1/cloudsso/directories', 'cloudsso:CreateDirectory', 'account'),
  route('PATCH', D, 'cloudsso:UpdateDirectory'),
  route('DELETE', D, 'cloudsso:DeleteDirectory', 'account'),
  route('PUT', `${D}/quotas`, 'cloudsso:SetDirectoryQuotas'),
  route('PUT', `${D}/scim-synchronization`, 'cloudsso:SetSCIMSynchronizationStatus'),
  route('POST', `${D}/scim-credentials`, 'cloudsso:CreateSCIMServerCredential'),
  route('PATCH', `${D}/scim-credentials/{credentialId}`, 'cloudsso:UpdateSCIMServerCredentialStatus'),
  route('DELETE', `${D}/scim-credentials/{credentialId}`, 'cloudsso:DeleteSCIMServerCredential'),
  route('POST', `${D}/users`, 'cloudsso:CreateUser'),
  route('PATCH', `${D}/users/{userId}`, 'cloudsso:UpdateUser'),
  route('DELETE', `${D}/users/{userId}`, 'cloudsso:DeleteUser'),
  route('PUT', `${D}/users/{userId}/status`, 'cloudsso:UpdateUserStatus'),
  route('PUT', `${D}/users/{userId}/password`, 'cloudsso:ResetUserPassword'),
  route('DELETE', `${D}/users/{userId}/mfa-devices/{deviceId}`, 'cloudsso:DeleteMFADeviceForUser'),
  route('POST', `${D}/groups`, 'cloudsso:CreateGroup'),
  route('PATCH', `${D}/groups/{groupId}`, 'cloudsso:UpdateGroup'),
  route('DELETE', `${D}/groups/{groupId}`, 'cloudsso:DeleteGroup'),
  route('POST', `${D}/groups/{groupId}/members`, 'cloudsso:AddUserToGroup'),
  route('DELETE', `${D}/groups/{groupId}/members/{userId}`, 'cloudsso:RemoveUserFromGroup'),
  route('PUT', `${D}/saml-idp`, 'cloudsso:SetExternalSAMLIdentityProvider'),
  route('DELETE', `${D}/saml-idp`, 'cloudsso:ClearExternalSAMLIdentityProvider'),
  route('POST', `${D}/saml-idp/signing-keys`, 'cloudsso:CreateSigningKey'),
  route('POST', `${D}/saml-idp/signing-keys/{keyId}/activate`, 'cloudsso:ActivateSigningKey'),
  route('PUT', `${D}/logon-settings/password-policy`, 'cloudsso:SetPasswordPolicy'),
  route('PUT', `${D}/logon-settings/login-preference`, 'cloudsso:SetLoginPreference'),
  route('PUT', `${D}/logon-settings/mfa`, 'cloudsso:SetMFAAuthenticationStatus'),
  route('PUT', `${D}/logon-settings/method`, 'cloudsso:SetLogonMethod'),
  route('POST', `${D}/access-configurations`, 'cloudsso:CreateAccessConfiguration'),
  route('PATCH', `${D}/access-configurations/{accessConfigurationId}`, 'cloudsso:UpdateAccessConfiguration'),
  route('DELETE', `${D}/access-configurations/{accessConfigurationId}`, 'cloudsso:DeleteAccessConfiguration'),
  route('POST', `${D}/access-configurations/{accessConfigurationId}/permission-policies`, 'cloudsso:AddPermissionPolicyToAccessConfiguration'),
  route('DELETE', `${D}/access-configurations/{accessConfigurationId}/permission-policies/{type}/{name}`, 'cloudsso:RemovePermissionPolicyFromAccessConfiguration'),
  route('POST', `${D}/access-configurations/{accessConfigurationId}/provisionings`, 'cloudsso:ProvisionAccessConfiguration'),
  route('DELETE', `${D}/access-configurations/{accessConfigurationId}/provisionings/{accountId}`, 'cloudsso:DeprovisionAccessConfiguration'),
  route('POST', `${D}/access-assignments`, 'cloudsso:CreateAccessAssignment'),
  route('DELETE', `${D}/access-assignments`, 'cloudsso:DeleteAccessAssignment'),
  route('PUT', `${D}/access-settings`, 'cloudsso:SetAccessSettings'),
  route('PUT', `${D}/audit-settings`, 'cloudsso:UpdateAuditSettings'),
  // CIAM.
  route('POST', '/api/v1/ciam/instances', 'idaas:CreateInstance', 'account'),
  route('DELETE', I, 'idaas:DeleteInstance', 'account'),
  route('POST', `${I}/administrators`, 'idaas:AddInstanceAdministrator'),
  route('DELETE', `${I}/administrators/{administratorId}`, 'idaas:RemoveInstanceAdministrator'),
  route('POST', `${I}/signing-keys`, 'idaas:CreateSigningKey'),
  route('POST', `${I}/signing-keys/{keyId}/activate`, 'idaas:ActivateSigningKey'),
  route('POST', `${I}/applications`, 'idaas:CreateApplication'),
  route('PATCH', A, 'idaas:UpdateApplication'),
  route('DELETE', A, 'idaas:DeleteApplication'),
  route('PUT', `${A}/status`, 'idaas:SetApplicationStatus'),
  route('POST', `${A}/client-secrets`, 'idaas:CreateApplicationClientSecret'),
  route('PUT', `${A}/logon-methods`, 'idaas:SetApplicationLogonMethods'),
  route('POST', `${I}/accounts`, 'idaas:CreateUser'),
  route('POST', `${I}/accounts:import`, 'idaas:ImportUsers'),
  route('PATCH', `${I}/accounts/{customerId}`, 'idaas:UpdateUser'),
  route('DELETE', `${I}/accounts/{customerId}`, 'idaas:DeleteUser'),
  route('PUT', `${I}/accounts/{customerId}/status`, 'idaas:SetUserStatus'),
  route('PUT', `${I}/accounts/{customerId}/password`, 'idaas:SetUserPassword'),
  route('PUT', `${I}/usage/thresholds`, 'idaas:SetUsageThresholds'),
  route('PUT', `${I}/audit-settings`, 'idaas:UpdateAuditSettings'),
  route('PUT', '/api/v1/account/audit-settings', 'actiontrail:UpdateTrail'),
];

/** SCIM 2.0 (RFC 7644 §3): the IdP's writes, in the directory its token belongs to. */
export const SCIM_AUDITED_ROUTES: readonly AuditedRoute[] = [
  route('POST', '/scim/v2/Users', 'scim:CreateUser'),
  route('PUT', '/scim/v2/Users/{userId}', 'scim:ReplaceUser'),
  route('PATCH', '/scim/v2/Users/{userId}', 'scim:PatchUser'),
  route('DELETE', '/scim/v2/Users/{userId}', 'scim:DeleteUser'),
  route('POST', '/scim/v2/Groups', 'scim:CreateGroup'),
  route('PUT', '/scim/v2/Groups/{groupId}', 'scim:ReplaceGroup'),
  route('PATCH', '/scim/v2/Groups/{groupId}', 'scim:PatchGroup'),
  route('DELETE', '/scim/v2/Groups/{groupId}', 'scim:DeleteGroup'),
];

type Compiled = AuditedRoute & { readonly pattern: RegExp; readonly names: readonly string[] };

const compile = (routes: readonly AuditedRoute[]): Compiled[] =>
  routes.map((r) => {
    const names: string[] = [];
    const body = r.path
      .split(/(\{[A-Za-z]+\})/)
      .map((part) => {
        const name = /^\{([A-Za-z]+)\}$/.exec(part)?.[1];
        if (name) {
          names.push(name);
          return '([^/]+)';
        }
        return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      })
      .join('');
    return { ...r, pattern: new RegExp(`^${body}$`), names };
  });

/** Finds the audited route a request is, with its path parameters. */
export const auditedRouteMatcher = (routes: readonly AuditedRoute[]) => {
  const compiled = compile(routes);
  return (method: string, path: string): { route: AuditedRoute; params: Record<string, string> } | undefined => {
    for (const r of compiled) {
      if (r.method !== method) continue;
      const m = r.pattern.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      r.names.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1]!);
      });
      return { route: r, params };
    }
    return undefined;
  };
};
