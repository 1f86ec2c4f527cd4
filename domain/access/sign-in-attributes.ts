import type { AccountId } from '../shared/ids';
import type { CloudSignInEndpoint } from './cloud';

/**
 * The SAML attributes each cloud reads to pick the role and the session (Alibaba Cloud: "SAML-based
 * role SSO"; AWS: "Configuring SAML assertions for the authentication response"). The Role value is
 * the pair "role,provider"; both clouds accept either order, Atrium sends role first.
 */
const ATTRIBUTES = {
  alibaba: {
    role: 'https://www.aliyun.com/SAML-Role/Attributes/Role',
    sessionName: 'https://www.aliyun.com/SAML-Role/Attributes/RoleSessionName',
    duration: 'https://www.aliyun.com/SAML-Role/Attributes/SessionDuration',
    arn: (account: AccountId, kind: 'role' | 'saml-provider', name: string) => `acs:ram::${account}:${kind}/${name}`,
  },
  aws: {
    role: 'https://aws.amazon.com/SAML/Attributes/Role',
    sessionName: 'https://aws.amazon.com/SAML/Attributes/RoleSessionName',
    duration: 'https://aws.amazon.com/SAML/Attributes/SessionDuration',
    arn: (account: AccountId, kind: 'role' | 'saml-provider', name: string) => `arn:aws:iam::${account}:${kind}/${name}`,
  },
} as const;

/** Role session names are 2-64 of `[\w.@-]` in both clouds; anything else becomes `-`. */
export const roleSessionName = (userName: string): string => {
  const cleaned = userName.replace(/[^\w.@-]/g, '-').slice(0, 64);
  return cleaned.length >= 2 ? cleaned : `${cleaned}--`.slice(0, 2);
};

export const signInAttributes = (
  flavour: CloudSignInEndpoint['flavour'],
  input: { accountId: AccountId; roleName: string; samlProviderName: string; userName: string; sessionDuration: number },
): Record<string, readonly string[]> => {
  const a = ATTRIBUTES[flavour];
  return {
    [a.role]: [`${a.arn(input.accountId, 'role', input.roleName)},${a.arn(input.accountId, 'saml-provider', input.samlProviderName)}`],
    [a.sessionName]: [roleSessionName(input.userName)],
    [a.duration]: [String(input.sessionDuration)],
  };
};
