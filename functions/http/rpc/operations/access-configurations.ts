import { z } from 'zod';
import { DEFAULT_SESSION_DURATION, type AccessConfiguration } from '../../../../domain/access/access-configuration';
import {
  changePermissionPolicies,
  createAccessConfiguration,
  deleteAccessConfiguration,
  getAccessConfiguration,
  listAccessConfigurations,
  updateAccessConfiguration,
  type PolicyChange,
} from '../../../../domain/access/access-configuration-use-cases';
import { byPrincipal } from '../../../../domain/directory/actor';
import type { AccessConfigurationId, DirectoryId } from '../../../../domain/shared/ids';
import { fail, ok } from '../../../../domain/shared/result';
import { operation } from '../rpc-operation';
import { pageOf, pagingOf } from '../rpc-paging';
import { DirectoryIdParam } from './directory';
import { pop } from '../rpc-params';

/** An access configuration as CloudSSO shows it (`AccessConfiguration` in Get/Create/Update, items of List). */
export const popAccessConfiguration = (c: AccessConfiguration) => ({
  AccessConfigurationId: c.id,
  AccessConfigurationName: c.name,
  Description: c.description,
  SessionDuration: c.sessionDuration,
  ...(c.relayState ? { RelayState: c.relayState } : {}),
  CreateTime: c.createdAt,
  UpdateTime: c.updatedAt,
});

/** Policies as ListPermissionPoliciesInAccessConfiguration shows them; the types are CloudSSO's own words. */
const popPolicies = (c: AccessConfiguration) => [
  ...c.policies.system.map((name) => ({ PermissionPolicyType: 'System', PermissionPolicyName: name })),
  ...(c.policies.inline
    ? [{ PermissionPolicyType: 'Inline', PermissionPolicyName: c.policies.inline.name, PermissionPolicyDocument: c.policies.inline.document }]
    : []),
];

export const AccessConfigurationIdParam = { AccessConfigurationId: pop.id<AccessConfigurationId>() };
const Configuration = { ...DirectoryIdParam, ...AccessConfigurationIdParam };
/** Seconds; the range (900-43200) is the domain's rule, so only the shape is checked here. */
const seconds = () => pop.int(0, Number.MAX_SAFE_INTEGER);

/** Access configurations and their permission policies: CreateAccessConfiguration … UpdateInlinePolicyForAccessConfiguration. */
export const accessConfigurationOperations = [
  operation({
    action: 'CreateAccessConfiguration',
    params: z.object({
      ...DirectoryIdParam,
      AccessConfigurationName: z.string(),
      Description: z.string().optional(),
      SessionDuration: seconds().optional(),
      RelayState: z.string().optional(),
      Tags: pop.unsupported('access configurations carry no tags in Atrium'),
    }),
    audit: 'cloudsso:CreateAccessConfiguration',
    run: async ({ deps, principal }, p) => {
      const out = await createAccessConfiguration(deps, byPrincipal(principal), p.DirectoryId, {
        name: p.AccessConfigurationName,
        description: p.Description ?? '',
        sessionDuration: p.SessionDuration ?? DEFAULT_SESSION_DURATION,
        relayState: p.RelayState || undefined,
      });
      return out.ok ? ok({ AccessConfiguration: popAccessConfiguration(out.value) }) : out;
    },
  }),
  operation({
    action: 'GetAccessConfiguration',
    params: z.object(Configuration),
    run: async ({ deps, principal }, p) => {
      const out = await getAccessConfiguration(deps, byPrincipal(principal), p.DirectoryId, p.AccessConfigurationId);
      return out.ok ? ok({ AccessConfiguration: popAccessConfiguration(out.value) }) : out;
    },
  }),
  operation({
    action: 'ListAccessConfigurations',
    params: z.object({
      ...DirectoryIdParam,
      ...pop.paging(),
      Filter: pop.unsupported('filter expressions are not supported; page through the list instead'),
      StatusNotifications: pop.unsupported('filtering by status notification is not supported; see ListAccessConfigurationProvisionings'),
      Tags: pop.unsupported('access configurations carry no tags in Atrium'),
    }),
    run: async ({ deps, principal }, p) => {
      const page = pageOf(p);
      const out = await listAccessConfigurations(deps, byPrincipal(principal), p.DirectoryId, page);
      if (!out.ok) return out;
      return ok({ AccessConfigurations: out.value.items.map(popAccessConfiguration), ...pagingOf(out.value, page) });
    },
  }),
  operation({
    // An empty NewRelayState clears the landing page, as the REST API's empty relayState does.
    action: 'UpdateAccessConfiguration',
    params: z.object({ ...Configuration, NewDescription: z.string().optional(), NewSessionDuration: seconds().optional(), NewRelayState: z.string().optional() }),
    audit: 'cloudsso:UpdateAccessConfiguration',
    run: async ({ deps, principal }, p) => {
      const out = await updateAccessConfiguration(deps, byPrincipal(principal), p.DirectoryId, p.AccessConfigurationId, {
        description: p.NewDescription,
        sessionDuration: p.NewSessionDuration,
        relayState: p.NewRelayState,
      });
      return out.ok ? ok({ AccessConfiguration: popAccessConfiguration(out.value) }) : out;
    },
  }),
  operation({
    // Atrium removes a configuration's policies with it, so ForceRemovePermissionPolicies changes nothing.
    action: 'DeleteAccessConfiguration',
    params: z.object({ ...Configuration, ForceRemovePermissionPolicies: pop.bool().optional() }),
    audit: 'cloudsso:DeleteAccessConfiguration',
    run: async ({ deps, principal }, p) => {
      const out = await deleteAccessConfiguration(deps, byPrincipal(principal), p.DirectoryId, p.AccessConfigurationId);
      return out.ok ? ok({}) : out;
    },
  }),
  operation({
    action: 'AddPermissionPolicyToAccessConfiguration',
    params: z
      .object({ ...Configuration, PermissionPolicyType: z.enum(['System', 'Inline']), PermissionPolicyName: z.string(), InlinePolicyDocument: z.string().optional() })
      // CloudSSO requires the document with an inline policy only: absent, it is MissingParameter.InlinePolicyDocument.
      .superRefine((p, ctx) => {
        if (p.PermissionPolicyType === 'Inline' && p.InlinePolicyDocument === undefined) {
          ctx.addIssue({ code: 'custom', path: ['InlinePolicyDocument'], message: 'an inline policy needs its document' });
        }
      }),
    audit: 'cloudsso:AddPermissionPolicyToAccessConfiguration',
    run: async ({ deps, principal }, p) => {
      const change: PolicyChange =
        p.PermissionPolicyType === 'System'
          ? { op: 'add', type: 'System', name: p.PermissionPolicyName }
          : { op: 'add', type: 'Inline', name: p.PermissionPolicyName, document: p.InlinePolicyDocument ?? '' };
      const out = await changePermissionPolicies(deps, byPrincipal(principal), p.DirectoryId, p.AccessConfigurationId, change);
      return out.ok ? ok({}) : out;
    },
  }),
  operation({
    action: 'RemovePermissionPolicyFromAccessConfiguration',
    params: z.object({ ...Configuration, PermissionPolicyType: z.enum(['System', 'Inline']), PermissionPolicyName: z.string() }),
    audit: 'cloudsso:RemovePermissionPolicyFromAccessConfiguration',
    run: async ({ deps, principal }, p) => {
      const change = { op: 'remove' as const, type: p.PermissionPolicyType, name: p.PermissionPolicyName };
      const out = await changePermissionPolicies(deps, byPrincipal(principal), p.DirectoryId, p.AccessConfigurationId, change);
      return out.ok ? ok({}) : out;
    },
  }),
  operation({
    action: 'ListPermissionPoliciesInAccessConfiguration',
    params: z.object(Configuration),
    run: async ({ deps, principal }, p) => {
      const out = await getAccessConfiguration(deps, byPrincipal(principal), p.DirectoryId, p.AccessConfigurationId);
      if (!out.ok) return out;
      const policies = popPolicies(out.value);
      return ok({ PermissionPolicies: policies, TotalCounts: policies.length });
    },
  }),
  operation({
    /**
     * Replacing the inline policy's document is the REST API's add of an inline policy under the same
     * name (same use case, same RAM action). CloudSSO only updates a policy that is there, so a name
     * that is not the configuration's inline policy is refused before anything is written.
     */
    action: 'UpdateInlinePolicyForAccessConfiguration',
    params: z.object({ ...Configuration, InlinePolicyName: z.string(), NewInlinePolicyDocument: z.string() }),
    audit: 'cloudsso:AddPermissionPolicyToAccessConfiguration',
    run: async ({ deps, principal }, p) => {
      const actor = byPrincipal(principal);
      const current = await getAccessConfiguration(deps, actor, p.DirectoryId, p.AccessConfigurationId);
      if (!current.ok) return current;
      if (current.value.policies.inline?.name !== p.InlinePolicyName) {
        return fail('EntityNotExists.PermissionPolicy', `Inline policy ${p.InlinePolicyName} is not attached.`);
      }
      const change = { op: 'add' as const, type: 'Inline' as const, name: p.InlinePolicyName, document: p.NewInlinePolicyDocument };
      const out = await changePermissionPolicies(deps, actor, p.DirectoryId, p.AccessConfigurationId, change);
      return out.ok ? ok({}) : out;
    },
  }),
];
