/**
 * System policies, named as Alibaba Cloud names them. Each grants a set of action patterns
 * (`service:Operation`, `*` as a wildcard), matched like RAM policy actions: case-insensitively.
 */
export const SYSTEM_POLICIES = {
  AdministratorAccess: {
    description: 'Full access to every Atrium service and resource.',
    actions: ['*'],
  },
  AliyunCloudSSOFullAccess: {
    description: 'Full access to CloudSSO, and read access to the resource directory it works on.',
    actions: ['cloudsso:*', 'resourcemanager:Get*', 'resourcemanager:List*'],
  },
  AliyunCloudSSOReadOnlyAccess: {
    description: 'Read-only access to CloudSSO.',
    actions: ['cloudsso:Get*', 'cloudsso:List*', 'resourcemanager:Get*', 'resourcemanager:List*'],
  },
  AliyunYundunIdaasFullAccess: {
    description: 'Full access to IDaaS customer identity (CIAM) instances.',
    actions: ['idaas:*'],
  },
  AliyunYundunIdaasReadOnlyAccess: {
    description: 'Read-only access to IDaaS customer identity (CIAM) instances.',
    actions: ['idaas:Get*', 'idaas:List*'],
  },
  AliyunResourceDirectoryFullAccess: {
    description: 'Full access to the resource directory: member accounts and folders.',
    actions: ['resourcemanager:*'],
  },
  AliyunResourceDirectoryReadOnlyAccess: {
    description: 'Read-only access to the resource directory.',
    actions: ['resourcemanager:Get*', 'resourcemanager:List*'],
  },
  AliyunBSSReadOnlyAccess: {
    description: 'Read-only access to bills: daily bill lines, monthly statements and their CSV export.',
    actions: ['billing:Get*', 'billing:List*', 'billing:Export*'],
  },
  AliyunActionTrailFullAccess: {
    description: 'Read every audit trail of the account (its own, its directories\', its instances\') and set their retention.',
    actions: ['actiontrail:*', 'cloudsso:*AuditEvents', 'cloudsso:*AuditSettings', 'idaas:*AuditEvents', 'idaas:*AuditSettings'],
  },
  AliyunActionTrailReadOnlyAccess: {
    description: 'Read and export every audit trail of the account; change nothing.',
    actions: ['actiontrail:Lookup*', 'actiontrail:Describe*', 'cloudsso:ListAuditEvents', 'cloudsso:GetAuditSettings', 'idaas:ListAuditEvents', 'idaas:GetAuditSettings'],
  },
  AliyunRAMFullAccess: {
    description: 'Full access to administrators (RAM users) and their API keys.',
    actions: ['ram:*'],
  },
  AliyunRAMReadOnlyAccess: {
    description: 'Read-only access to administrators and their API keys.',
    actions: ['ram:Get*', 'ram:List*'],
  },
} as const satisfies Record<string, { description: string; actions: readonly string[] }>;

export type PolicyName = keyof typeof SYSTEM_POLICIES;
export const POLICY_NAMES = Object.keys(SYSTEM_POLICIES) as [PolicyName, ...PolicyName[]];

/** An API operation a principal may be allowed to call, e.g. `resourcemanager:CreateResourceAccount`. */
export type Action = `${'ram' | 'resourcemanager' | 'cloudsso' | 'idaas' | 'billing' | 'actiontrail'}:${string}`;

export const isPolicyName = (name: string): name is PolicyName =>
  Object.prototype.hasOwnProperty.call(SYSTEM_POLICIES, name);

const patternCache = new Map<string, RegExp>();

const toRegExp = (pattern: string): RegExp => {
  let re = patternCache.get(pattern);
  if (!re) {
    const body = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
    re = new RegExp(`^${body}$`, 'i');
    patternCache.set(pattern, re);
  }
  return re;
};

/** True when any of the policies grants the action. */
export const policiesAllow = (policies: readonly PolicyName[], action: Action): boolean =>
  policies.some((name) => SYSTEM_POLICIES[name].actions.some((pattern) => toRegExp(pattern).test(action)));
