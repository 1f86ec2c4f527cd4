import { z } from 'zod';
import { fail, ok, type Failure, type Result } from '../shared/result';

/**
 * The permission policies an access configuration carries into each account: system policies (the
 * cloud's own, by name) and at most one inline policy (a policy document of Atrium's making).
 */
export type PermissionPolicies = {
  readonly system: readonly string[];
  readonly inline?: { readonly name: string; readonly document: string };
};

export const MAX_SYSTEM_POLICIES = 20;
/** One inline policy per access configuration (CloudSSO's quota). */
export const MAX_INLINE_POLICIES = 1;
export const MAX_INLINE_POLICY_LENGTH = 4_096;

/**
 * The cloud's system policies an access configuration may name (a realistic subset of Alibaba Cloud's
 * catalogue). The cloud refuses unknown names, so Atrium refuses them up front rather than at
 * provisioning time, where the failure would surface only as a failed task.
 */
export const SYSTEM_POLICIES: Readonly<Record<string, string>> = {
  AdministratorAccess: 'Full access to all cloud resources',
  ReadOnlyAccess: 'Read-only access to all cloud resources',
  AliyunECSFullAccess: 'Full access to Elastic Compute Service',
  AliyunECSReadOnlyAccess: 'Read-only access to Elastic Compute Service',
  AliyunOSSFullAccess: 'Full access to Object Storage Service',
  AliyunOSSReadOnlyAccess: 'Read-only access to Object Storage Service',
  AliyunRDSFullAccess: 'Full access to ApsaraDB RDS',
  AliyunRDSReadOnlyAccess: 'Read-only access to ApsaraDB RDS',
  AliyunVPCFullAccess: 'Full access to Virtual Private Cloud',
  AliyunVPCReadOnlyAccess: 'Read-only access to Virtual Private Cloud',
  AliyunSLBFullAccess: 'Full access to Server Load Balancer',
  AliyunSLBReadOnlyAccess: 'Read-only access to Server Load Balancer',
  AliyunRAMFullAccess: 'Full access to Resource Access Management',
  AliyunRAMReadOnlyAccess: 'Read-only access to Resource Access Management',
  AliyunLogFullAccess: 'Full access to Simple Log Service',
  AliyunLogReadOnlyAccess: 'Read-only access to Simple Log Service',
  AliyunCloudMonitorFullAccess: 'Full access to CloudMonitor',
  AliyunCloudMonitorReadOnlyAccess: 'Read-only access to CloudMonitor',
  AliyunActionTrailFullAccess: 'Full access to ActionTrail',
  AliyunKMSFullAccess: 'Full access to Key Management Service',
  AliyunContainerServiceFullAccess: 'Full access to Container Service for Kubernetes',
  AliyunBSSFullAccess: 'Full access to Billing Management',
  AliyunBSSReadOnlyAccess: 'Read-only access to Billing Management',
  AliyunSupportFullAccess: 'Full access to support tickets',
};

export type PolicyError = Failure<
  | 'EntityNotExists.PermissionPolicy'
  | 'InvalidParameter.PolicyDocument'
  | 'InvalidParameter.PolicyName'
  | 'QuotaExceeded.PermissionPolicies'
  | 'EntityAlreadyExists.PermissionPolicy'
>;

const actionPattern = /^(\*|[A-Za-z0-9-]+:[A-Za-z0-9*?]+)$/;
const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).min(1)]);

/** RAM policy language (Version "1"): what the cloud would accept, checked before it ever sees it. */
const policyDocument = z.strictObject({
  Version: z.literal('1'),
  Statement: z
    .array(
      z.strictObject({
        Effect: z.enum(['Allow', 'Deny']),
        Action: oneOrMany(z.string().regex(actionPattern, 'an action is "*" or "<service>:<operation>"')),
        Resource: oneOrMany(z.string().min(1)),
        Condition: z.record(z.string().min(1), z.record(z.string().min(1), oneOrMany(z.union([z.string(), z.number(), z.boolean()])))).optional(),
      }),
    )
    .min(1),
});

const INLINE_NAME = /^[A-Za-z0-9-]{1,128}$/;

/** Validates an inline policy; returns the document as given (the cloud stores the author's text). */
export const checkInlinePolicy = (name: string, document: string): Result<{ name: string; document: string }, PolicyError> => {
  if (!INLINE_NAME.test(name)) return fail('InvalidParameter.PolicyName', 'An inline policy name is 1-128 letters, digits and hyphens.');
  if (document.length > MAX_INLINE_POLICY_LENGTH) {
    return fail('InvalidParameter.PolicyDocument', `The policy document is ${document.length} characters; at most ${MAX_INLINE_POLICY_LENGTH} are allowed.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    return fail('InvalidParameter.PolicyDocument', 'The policy document is not valid JSON.');
  }
  const checked = policyDocument.safeParse(parsed);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    return fail('InvalidParameter.PolicyDocument', `The policy document is not valid at ${issue.path.join('.') || '(root)'}: ${issue.message}.`);
  }
  return ok({ name, document });
};

export const addSystemPolicy = (policies: PermissionPolicies, name: string): Result<PermissionPolicies, PolicyError> => {
  if (!(name in SYSTEM_POLICIES)) return fail('EntityNotExists.PermissionPolicy', `There is no system policy named ${name}.`);
  if (policies.system.includes(name)) return fail('EntityAlreadyExists.PermissionPolicy', `System policy ${name} is already attached.`);
  if (policies.system.length >= MAX_SYSTEM_POLICIES) {
    return fail('QuotaExceeded.PermissionPolicies', `An access configuration holds at most ${MAX_SYSTEM_POLICIES} system policies.`);
  }
  return ok({ ...policies, system: [...policies.system, name] });
};

export const setInlinePolicy = (policies: PermissionPolicies, name: string, document: string): Result<PermissionPolicies, PolicyError> => {
  if (policies.inline && policies.inline.name !== name) {
    return fail('QuotaExceeded.PermissionPolicies', `An access configuration holds one inline policy; remove ${policies.inline.name} first.`);
  }
  const checked = checkInlinePolicy(name, document);
  return checked.ok ? ok({ ...policies, inline: checked.value }) : checked;
};

export const removePolicy = (
  policies: PermissionPolicies,
  type: 'System' | 'Inline',
  name: string,
): Result<PermissionPolicies, PolicyError> => {
  if (type === 'System') {
    if (!policies.system.includes(name)) return fail('EntityNotExists.PermissionPolicy', `System policy ${name} is not attached.`);
    return ok({ ...policies, system: policies.system.filter((p) => p !== name) });
  }
  if (policies.inline?.name !== name) return fail('EntityNotExists.PermissionPolicy', `Inline policy ${name} is not attached.`);
  return ok({ system: policies.system });
};
