/**
 * The sandbox cloud's public paths (served by functions/http/sandbox-cloud.ts). The sign-in path plays
 * signin.aliyun.com/saml-role/sso: the portal posts SAML Responses to `${origin}${SANDBOX_SIGN_IN_PATH}`.
 */
export const SANDBOX_BASE_PATH = '/sandbox-cloud';
export const SANDBOX_SIGN_IN_PATH = `${SANDBOX_BASE_PATH}/saml-role/sso`;
export const SANDBOX_CONSOLE_PATH = `${SANDBOX_BASE_PATH}/console`;
export const SANDBOX_STS_ASSUME_ROLE_PATH = `${SANDBOX_BASE_PATH}/sts/assume-role-with-saml`;
export const SANDBOX_STS_CALLER_IDENTITY_PATH = `${SANDBOX_BASE_PATH}/sts/caller-identity`;
