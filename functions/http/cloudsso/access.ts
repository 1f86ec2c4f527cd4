import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AccessPrincipal, AccessTarget } from '../../../domain/access/access-assignment';
import { roleNameOf, type AccessConfiguration } from '../../../domain/access/access-configuration';
import {
  changePermissionPolicies,
  createAccessConfiguration,
  deleteAccessConfiguration,
  getAccessConfiguration,
  listAccessConfigurations,
  updateAccessConfiguration,
} from '../../../domain/access/access-configuration-use-cases';
import { createAccessAssignment, deleteAccessAssignment, listAccessAssignments } from '../../../domain/access/access-assignment-use-cases';
import { getAccessSettings, setAccessSettings } from '../../../domain/access/access-settings-use-cases';
import { DEFAULT_SESSION_DURATION } from '../../../domain/access/access-configuration';
import { getAccessTask, listAccessTasks, listProvisionings, requestProvisioning } from '../../../domain/access/provisioning-use-cases';
import { byPrincipal } from '../../../domain/directory/actor';
import type { AccessConfigurationId, AccountId, DirectoryId, TaskId } from '../../../domain/shared/ids';
import type { Task } from '../../../domain/tasks/task';
import type { Container } from '../../wire';
import { orThrow } from '../management/api-error';
import type { ManagementEnv } from '../management/env';
import { withNextToken } from '../management/schemas';
import * as r from './access-routes';

const presentConfiguration = (c: AccessConfiguration) => ({
  id: c.id,
  name: c.name,
  description: c.description,
  sessionDuration: c.sessionDuration,
  ...(c.relayState ? { relayState: c.relayState } : {}),
  permissionPolicies: presentPolicies(c),
  roleName: roleNameOf(c.name),
  revision: c.revision,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
});

const presentPolicies = (c: AccessConfiguration) => [
  ...c.policies.system.map((name) => ({ type: 'System' as const, name })),
  ...(c.policies.inline ? [{ type: 'Inline' as const, name: c.policies.inline.name, document: c.policies.inline.document }] : []),
];

/** A task as CloudSSO's GetTask shows it. */
export const presentAccessTask = (t: Task) => {
  const w = t.work as Partial<Record<'accessConfigurationId' | 'accessConfigurationName' | 'targetName' | 'principalName', string>> & {
    target?: AccessTarget;
    principal?: AccessPrincipal;
  };
  return {
    taskId: t.id,
    taskType: t.work.type,
    status: t.status,
    ...(w.accessConfigurationId ? { accessConfigurationId: w.accessConfigurationId, accessConfigurationName: w.accessConfigurationName } : {}),
    ...(w.target ? { targetType: w.target.type, targetId: w.target.id, targetName: w.targetName } : {}),
    ...(w.principal ? { principalType: w.principal.type, principalId: w.principal.id, principalName: w.principalName } : {}),
    attempts: t.attempts,
    startTime: t.createdAt,
    ...(t.finishedAt ? { endTime: t.finishedAt } : {}),
    ...(t.failureReason ? { failureReason: t.failureReason } : {}),
  };
};

const target = (q: { targetType: 'RD-Account' | 'RD-Folder'; targetId: string }): AccessTarget =>
  ({ type: q.targetType, id: q.targetId }) as AccessTarget;
const principal = (q: { principalType: 'User' | 'Group'; principalId: string }): AccessPrincipal =>
  ({ type: q.principalType, id: q.principalId }) as AccessPrincipal;

/** Access configurations, assignments, provisionings and their tasks in the management API. */
export const registerAccess = (app: OpenAPIHono<ManagementEnv>, deps: () => Container) => {
  const dirOf = (p: { directoryId: string }) => p.directoryId as DirectoryId;
  const acOf = (p: { accessConfigurationId: string }) => p.accessConfigurationId as AccessConfigurationId;

  app.openapi(r.createConfigurationRoute, async (c) => {
    const body = c.req.valid('json');
    const created = orThrow(
      await createAccessConfiguration(deps(), byPrincipal(c.get('principal')), dirOf(c.req.valid('param')), {
        name: body.name,
        description: body.description ?? '',
        sessionDuration: body.sessionDuration ?? DEFAULT_SESSION_DURATION,
        relayState: body.relayState || undefined,
      }),
    );
    return c.json(presentConfiguration(created), 201);
  });
  app.openapi(r.listConfigurationsRoute, async (c) => {
    const q = c.req.valid('query');
    const out = orThrow(await listAccessConfigurations(deps(), byPrincipal(c.get('principal')), dirOf(c.req.valid('param')), { limit: q.maxResults, nextToken: q.nextToken }));
    return c.json({ accessConfigurations: out.items.map(presentConfiguration), ...withNextToken(out.nextToken) }, 200);
  });
  app.openapi(r.getConfigurationRoute, async (c) => {
    const p = c.req.valid('param');
    return c.json(presentConfiguration(orThrow(await getAccessConfiguration(deps(), byPrincipal(c.get('principal')), dirOf(p), acOf(p)))), 200);
  });
  app.openapi(r.updateConfigurationRoute, async (c) => {
    const p = c.req.valid('param');
    const updated = orThrow(await updateAccessConfiguration(deps(), byPrincipal(c.get('principal')), dirOf(p), acOf(p), c.req.valid('json')));
    return c.json(presentConfiguration(updated), 200);
  });
  app.openapi(r.deleteConfigurationRoute, async (c) => {
    const p = c.req.valid('param');
    orThrow(await deleteAccessConfiguration(deps(), byPrincipal(c.get('principal')), dirOf(p), acOf(p)));
    return c.body(null, 204);
  });
  app.openapi(r.listPoliciesRoute, async (c) => {
    const p = c.req.valid('param');
    const configuration = orThrow(await getAccessConfiguration(deps(), byPrincipal(c.get('principal')), dirOf(p), acOf(p)));
    return c.json({ permissionPolicies: presentPolicies(configuration) }, 200);
  });
  app.openapi(r.addPolicyRoute, async (c) => {
    const p = c.req.valid('param');
    const body = c.req.valid('json');
    const change = body.type === 'System' ? { op: 'add' as const, type: 'System' as const, name: body.name } : { op: 'add' as const, ...body };
    return c.json(presentConfiguration(orThrow(await changePermissionPolicies(deps(), byPrincipal(c.get('principal')), dirOf(p), acOf(p), change))), 200);
  });
  app.openapi(r.removePolicyRoute, async (c) => {
    const p = c.req.valid('param');
    const change = { op: 'remove' as const, type: p.type, name: p.name };
    return c.json(presentConfiguration(orThrow(await changePermissionPolicies(deps(), byPrincipal(c.get('principal')), dirOf(p), acOf(p), change))), 200);
  });

  app.openapi(r.createAssignmentRoute, async (c) => {
    const body = c.req.valid('json');
    const task = orThrow(
      await createAccessAssignment(deps(), byPrincipal(c.get('principal')), dirOf(c.req.valid('param')), {
        accessConfigurationId: body.accessConfigurationId as AccessConfigurationId,
        target: target(body),
        principal: principal(body),
        expiresAt: body.expiresAt ? new Date(body.expiresAt) : undefined,
      }),
    );
    return c.json(presentAccessTask(task), 202);
  });
  app.openapi(r.deleteAssignmentRoute, async (c) => {
    const q = c.req.valid('query');
    const task = orThrow(
      await deleteAccessAssignment(deps(), byPrincipal(c.get('principal')), dirOf(c.req.valid('param')), {
        accessConfigurationId: q.accessConfigurationId as AccessConfigurationId,
        target: target(q),
        principal: principal(q),
      }),
    );
    return c.json(presentAccessTask(task), 202);
  });
  app.openapi(r.listAssignmentsRoute, async (c) => {
    const q = c.req.valid('query');
    const out = orThrow(
      await listAccessAssignments(
        deps(),
        byPrincipal(c.get('principal')),
        dirOf(c.req.valid('param')),
        {
          accessConfigurationId: q.accessConfigurationId as AccessConfigurationId | undefined,
          target: q.targetType && q.targetId ? target({ targetType: q.targetType, targetId: q.targetId }) : undefined,
          principal: q.principalType && q.principalId ? principal({ principalType: q.principalType, principalId: q.principalId }) : undefined,
        },
        { limit: q.maxResults, nextToken: q.nextToken },
      ),
    );
    const items = out.items.map((a) => ({
      accessConfigurationId: a.accessConfigurationId,
      targetType: a.target.type,
      targetId: a.target.id,
      principalType: a.principal.type,
      principalId: a.principal.id,
      createdAt: a.createdAt,
      ...(a.expiresAt ? { expiresAt: a.expiresAt } : {}),
    }));
    return c.json({ accessAssignments: items, ...withNextToken(out.nextToken) }, 200);
  });

  app.openapi(r.provisionRoute, async (c) => {
    const p = c.req.valid('param');
    const request = { accessConfigurationId: acOf(p), accountId: c.req.valid('json').accountId as AccountId, deprovision: false };
    return c.json(presentAccessTask(orThrow(await requestProvisioning(deps(), byPrincipal(c.get('principal')), dirOf(p), request))), 202);
  });
  app.openapi(r.deprovisionRoute, async (c) => {
    const p = c.req.valid('param');
    const request = { accessConfigurationId: acOf(p), accountId: p.accountId as AccountId, deprovision: true };
    return c.json(presentAccessTask(orThrow(await requestProvisioning(deps(), byPrincipal(c.get('principal')), dirOf(p), request))), 202);
  });
  app.openapi(r.listProvisioningsRoute, async (c) => {
    const p = c.req.valid('param');
    const q = c.req.valid('query');
    const out = orThrow(await listProvisionings(deps(), byPrincipal(c.get('principal')), dirOf(p), p.accountId as AccountId, { limit: q.maxResults, nextToken: q.nextToken }));
    const items = out.items.map((v) => ({
      accountId: v.accountId,
      accessConfigurationId: v.accessConfigurationId,
      ...(v.accessConfigurationName ? { accessConfigurationName: v.accessConfigurationName } : {}),
      roleName: v.roleName,
      status: v.status,
      ...(v.failureReason ? { failureReason: v.failureReason } : {}),
      updatedAt: v.updatedAt,
    }));
    return c.json({ provisionings: items, ...withNextToken(out.nextToken) }, 200);
  });

  app.openapi(r.listTasksRoute, async (c) => {
    const q = c.req.valid('query');
    const filter = { status: q.status, type: q.taskType, principalId: q.principalId, targetId: q.targetId, accessConfigurationId: q.accessConfigurationId };
    const out = orThrow(await listAccessTasks(deps(), byPrincipal(c.get('principal')), dirOf(c.req.valid('param')), filter, { limit: q.maxResults, nextToken: q.nextToken }));
    return c.json({ tasks: out.items.map(presentAccessTask), ...withNextToken(out.nextToken) }, 200);
  });
  app.openapi(r.getTaskRoute, async (c) => {
    const p = c.req.valid('param');
    return c.json(presentAccessTask(orThrow(await getAccessTask(deps(), byPrincipal(c.get('principal')), dirOf(p), p.taskId as TaskId))), 200);
  });

  const presentSettings = (s: { autoReprovision: boolean; updatedAt: string }) => ({ autoReprovision: s.autoReprovision, updatedAt: s.updatedAt });
  app.openapi(r.getSettingsRoute, async (c) =>
    c.json(presentSettings(orThrow(await getAccessSettings(deps(), byPrincipal(c.get('principal')), dirOf(c.req.valid('param'))))), 200),
  );
  app.openapi(r.setSettingsRoute, async (c) =>
    c.json(presentSettings(orThrow(await setAccessSettings(deps(), byPrincipal(c.get('principal')), dirOf(c.req.valid('param')), c.req.valid('json')))), 200),
  );
};
