import { z } from 'zod';
import type { AccessPrincipal, AccessTarget } from '../../../../domain/access/access-assignment';
import { samlProviderNameOf } from '../../../../domain/access/access-configuration';
import { createAccessAssignment, deleteAccessAssignment, listAccessAssignments } from '../../../../domain/access/access-assignment-use-cases';
import { listProvisionings, requestProvisioning } from '../../../../domain/access/provisioning-use-cases';
import { byPrincipal } from '../../../../domain/directory/actor';
import type { AccountId } from '../../../../domain/shared/ids';
import { ok } from '../../../../domain/shared/result';
import { operation } from '../rpc-operation';
import { pop } from '../rpc-params';
import { pageOf, pagingOf } from '../rpc-paging';
import { AccessConfigurationIdParam } from './access-configurations';
import { DirectoryIdParam } from './directory';
import { popTask } from './tasks';

/** CloudSSO targets accounts (`RD-Account`); Atrium also takes a folder of the resource directory (`RD-Folder`), as its REST API does. */
const TargetType = z.enum(['RD-Account', 'RD-Folder']);
const PrincipalType = z.enum(['User', 'Group']);

const Assignment = {
  ...DirectoryIdParam,
  ...AccessConfigurationIdParam,
  TargetType,
  TargetId: pop.string(64),
  PrincipalType,
  PrincipalId: pop.string(64),
};

const targetOf = (p: { TargetType: 'RD-Account' | 'RD-Folder'; TargetId: string }) => ({ type: p.TargetType, id: p.TargetId }) as AccessTarget;
const principalOf = (p: { PrincipalType: 'User' | 'Group'; PrincipalId: string }) => ({ type: p.PrincipalType, id: p.PrincipalId }) as AccessPrincipal;

/** Provision and Deprovision name one account: the domain provisions per account. */
const AccountTarget = { ...DirectoryIdParam, ...AccessConfigurationIdParam, TargetType: z.enum(['RD-Account']), TargetId: pop.id<AccountId>() };

/** Access assignments and provisionings: CreateAccessAssignment … ListAccessConfigurationProvisionings. */
export const accessAssignmentOperations = [
  operation({
    action: 'CreateAccessAssignment',
    params: z.object(Assignment),
    audit: 'cloudsso:CreateAccessAssignment',
    run: async ({ deps, principal }, p) => {
      const request = { accessConfigurationId: p.AccessConfigurationId, target: targetOf(p), principal: principalOf(p) };
      const out = await createAccessAssignment(deps, byPrincipal(principal), p.DirectoryId, request);
      return out.ok ? ok({ Task: popTask(out.value) }) : out;
    },
  }),
  operation({
    /**
     * Atrium always takes the role out of an account once no assignment needs it there, which is
     * CloudSSO's DeprovisionForLastAccessAssignmentOnAccount; with None the role would stay until a
     * DeprovisionAccessConfiguration, whose outcome is the same, so either strategy is accepted.
     */
    action: 'DeleteAccessAssignment',
    params: z.object({ ...Assignment, DeprovisionStrategy: z.enum(['DeprovisionForLastAccessAssignmentOnAccount', 'None']).optional() }),
    audit: 'cloudsso:DeleteAccessAssignment',
    run: async ({ deps, principal }, p) => {
      const request = { accessConfigurationId: p.AccessConfigurationId, target: targetOf(p), principal: principalOf(p) };
      const out = await deleteAccessAssignment(deps, byPrincipal(principal), p.DirectoryId, request);
      return out.ok ? ok({ Task: popTask(out.value) }) : out;
    },
  }),
  operation({
    // A target or principal filters only with both its type and id, as in CloudSSO.
    action: 'ListAccessAssignments',
    params: z.object({
      ...DirectoryIdParam,
      ...pop.paging(),
      AccessConfigurationId: AccessConfigurationIdParam.AccessConfigurationId.optional(),
      TargetType: TargetType.optional(),
      TargetId: pop.string(64).optional(),
      PrincipalType: PrincipalType.optional(),
      PrincipalId: pop.string(64).optional(),
    }),
    run: async ({ deps, principal }, p) => {
      const page = pageOf(p);
      const filter = {
        accessConfigurationId: p.AccessConfigurationId,
        target: p.TargetType && p.TargetId ? targetOf({ TargetType: p.TargetType, TargetId: p.TargetId }) : undefined,
        principal: p.PrincipalType && p.PrincipalId ? principalOf({ PrincipalType: p.PrincipalType, PrincipalId: p.PrincipalId }) : undefined,
      };
      const out = await listAccessAssignments(deps, byPrincipal(principal), p.DirectoryId, filter, page);
      if (!out.ok) return out;
      const items = out.value.items.map((a) => ({
        AccessConfigurationId: a.accessConfigurationId,
        TargetType: a.target.type,
        TargetId: a.target.id,
        PrincipalType: a.principal.type,
        PrincipalId: a.principal.id,
        CreateTime: a.createdAt,
      }));
      return ok({ AccessAssignments: items, ...pagingOf(out.value, page) });
    },
  }),
  operation({
    action: 'ProvisionAccessConfiguration',
    params: z.object(AccountTarget),
    audit: 'cloudsso:ProvisionAccessConfiguration',
    run: async ({ deps, principal }, p) => {
      const request = { accessConfigurationId: p.AccessConfigurationId, accountId: p.TargetId, deprovision: false };
      const out = await requestProvisioning(deps, byPrincipal(principal), p.DirectoryId, request);
      return out.ok ? ok({ Tasks: [popTask(out.value)] }) : out;
    },
  }),
  operation({
    action: 'DeprovisionAccessConfiguration',
    params: z.object(AccountTarget),
    audit: 'cloudsso:DeprovisionAccessConfiguration',
    run: async ({ deps, principal }, p) => {
      const request = { accessConfigurationId: p.AccessConfigurationId, accountId: p.TargetId, deprovision: true };
      const out = await requestProvisioning(deps, byPrincipal(principal), p.DirectoryId, request);
      return out.ok ? ok({ Tasks: [popTask(out.value)] }) : out;
    },
  }),
  operation({
    /**
     * The domain lists provisionings per account, so TargetId is required here (CloudSSO also lists by
     * configuration alone). AccessConfigurationId and ProvisioningStatus narrow each page, as the
     * domain's own filters narrow a page of assignments.
     */
    action: 'ListAccessConfigurationProvisionings',
    params: z.object({
      ...DirectoryIdParam,
      ...pop.paging(),
      TargetType: z.enum(['RD-Account']).optional(),
      TargetId: pop.id<AccountId>(),
      AccessConfigurationId: pop.string(64).optional(),
      ProvisioningStatus: z.enum(['Provisioned', 'ReprovisionRequired', 'DeprovisionFailed']).optional(),
    }),
    run: async ({ deps, principal }, p) => {
      const page = pageOf(p);
      const out = await listProvisionings(deps, byPrincipal(principal), p.DirectoryId, p.TargetId, page);
      if (!out.ok) return out;
      const items = out.value.items
        .filter((v) => (!p.AccessConfigurationId || v.accessConfigurationId === p.AccessConfigurationId) && (!p.ProvisioningStatus || v.status === p.ProvisioningStatus))
        .map((v) => ({
          AccessConfigurationId: v.accessConfigurationId,
          ...(v.accessConfigurationName ? { AccessConfigurationName: v.accessConfigurationName } : {}),
          TargetType: 'RD-Account',
          TargetId: v.accountId,
          RAMRoleName: v.roleName,
          SAMLProviderName: samlProviderNameOf(v.directoryId),
          Status: v.status,
          UpdateTime: v.updatedAt,
        }));
      return ok({ AccessConfigurationProvisionings: items, ...pagingOf(out.value, page) });
    },
  }),
];
