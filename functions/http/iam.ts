import { registerAuditTrail } from './audit/audit-api';
import { accountAuditRoutes } from './audit/audit-routes';
import { handle } from 'hono/aws-lambda';
import { timingSafeEqual } from 'node:crypto';
import {
  createAdministrator,
  deleteAdministrator,
  getAdministrator,
  listAdministrators,
  updateAdministrator,
} from '../../domain/iam/administrator-use-cases';
import type { KeyOwner } from '../../domain/iam/api-key';
import { administratorOwner, createApiKey, deleteApiKey, listApiKeys, setApiKeyStatus } from '../../domain/iam/api-key-use-cases';
import { openAccount } from '../../domain/iam/open-account';
import { SYSTEM_POLICIES, POLICY_NAMES } from '../../domain/iam/policies';
import type { AdministratorId, ApiKeyId } from '../../domain/shared/ids';
import { container } from '../wire';
import * as r from './iam/routes';
import { presentAdministrator, presentApiKey } from './iam/presenters';
import { presentAccount } from './management/account';
import { ApiError, orThrow } from './management/api-error';
import { createManagementApp } from './management/app';
import { withNextToken } from './management/schemas';
import type { Deps } from './management/env';

const ROOT: KeyOwner = { kind: 'account' };

/** Administrators (RAM users), API keys, the policy catalogue, and the operator's account opening. */
export const createIamApp = (deps: Deps) => {
  const app = createManagementApp(deps);
  app.use('/api/v1/operator/*', async (c, next) => {
    checkOperator(deps().operatorTokenHash, c.req.header('authorization'), deps().secrets.hash);
    return next();
  });

  app.openapi(r.createAdministratorRoute, async (c) => {
    const admin = orThrow(await createAdministrator(deps(), c.get('principal'), c.req.valid('json')));
    return c.json(presentAdministrator(admin), 201);
  });
  app.openapi(r.listAdministratorsRoute, async (c) => {
    const { maxResults, nextToken } = c.req.valid('query');
    const page = orThrow(await listAdministrators(deps(), c.get('principal'), { limit: maxResults, nextToken }));
    return c.json({ administrators: page.items.map(presentAdministrator), ...withNextToken(page.nextToken) }, 200);
  });
  app.openapi(r.getAdministratorRoute, async (c) => {
    const id = c.req.valid('param').administratorId as AdministratorId;
    return c.json(presentAdministrator(orThrow(await getAdministrator(deps(), c.get('principal'), id))), 200);
  });
  app.openapi(r.updateAdministratorRoute, async (c) => {
    const id = c.req.valid('param').administratorId as AdministratorId;
    const admin = orThrow(await updateAdministrator(deps(), c.get('principal'), id, c.req.valid('json')));
    return c.json(presentAdministrator(admin), 200);
  });
  app.openapi(r.deleteAdministratorRoute, async (c) => {
    const id = c.req.valid('param').administratorId as AdministratorId;
    orThrow(await deleteAdministrator(deps(), c.get('principal'), id));
    return c.body(null, 204);
  });

  const adminOwner = (id: string) => administratorOwner(id as AdministratorId);
  app.openapi(r.createAdministratorKeyRoute, async (c) => {
    const created = orThrow(await createApiKey(deps(), c.get('principal'), adminOwner(c.req.valid('param').administratorId)));
    return c.json({ apiKey: presentApiKey(created.key), secret: created.secret }, 201);
  });
  app.openapi(r.listAdministratorKeysRoute, async (c) => {
    const keys = orThrow(await listApiKeys(deps(), c.get('principal'), adminOwner(c.req.valid('param').administratorId)));
    return c.json({ apiKeys: keys.map(presentApiKey) }, 200);
  });
  app.openapi(r.updateAdministratorKeyRoute, async (c) => {
    const { administratorId, keyId } = c.req.valid('param');
    const { status } = c.req.valid('json');
    const key = orThrow(await setApiKeyStatus(deps(), c.get('principal'), adminOwner(administratorId), keyId as ApiKeyId, status));
    return c.json(presentApiKey(key), 200);
  });
  app.openapi(r.deleteAdministratorKeyRoute, async (c) => {
    const { administratorId, keyId } = c.req.valid('param');
    orThrow(await deleteApiKey(deps(), c.get('principal'), adminOwner(administratorId), keyId as ApiKeyId));
    return c.body(null, 204);
  });

  app.openapi(r.createRootKeyRoute, async (c) => {
    const created = orThrow(await createApiKey(deps(), c.get('principal'), ROOT));
    return c.json({ apiKey: presentApiKey(created.key), secret: created.secret }, 201);
  });
  app.openapi(r.listRootKeysRoute, async (c) => {
    const keys = orThrow(await listApiKeys(deps(), c.get('principal'), ROOT));
    return c.json({ apiKeys: keys.map(presentApiKey) }, 200);
  });
  app.openapi(r.updateRootKeyRoute, async (c) => {
    const key = orThrow(
      await setApiKeyStatus(deps(), c.get('principal'), ROOT, c.req.valid('param').keyId as ApiKeyId, c.req.valid('json').status),
    );
    return c.json(presentApiKey(key), 200);
  });
  app.openapi(r.deleteRootKeyRoute, async (c) => {
    orThrow(await deleteApiKey(deps(), c.get('principal'), ROOT, c.req.valid('param').keyId as ApiKeyId));
    return c.body(null, 204);
  });

  app.openapi(r.whoAmIRoute, async (c) => {
    const p = c.get('principal');
    const account = await deps().accounts.get(p.accountId);
    if (!account) throw new ApiError('InvalidApiKey', 'The API key is missing, unknown or inactive.');
    const base = { kind: p.kind, accountId: p.accountId, apiKeyId: p.keyId, account: presentAccount(account) };
    return c.json(
      p.kind === 'account'
        ? base
        : { ...base, administratorId: p.administratorId, name: p.name, policies: [...p.policies] },
      200,
    );
  });
  app.openapi(r.listPoliciesRoute, (c) =>
    c.json(
      {
        policies: POLICY_NAMES.map((name) => ({
          name,
          description: SYSTEM_POLICIES[name].description,
          actions: [...SYSTEM_POLICIES[name].actions],
        })),
      },
      200,
    ),
  );

  app.openapi(r.openAccountRoute, async (c) => {
    const opened = orThrow(await openAccount(deps(), c.req.valid('json')));
    return c.json(
      { account: presentAccount(opened.account), apiKey: presentApiKey(opened.rootKey.key), secret: opened.rootKey.secret },
      201,
    );
  });

  registerAuditTrail(app, deps, accountAuditRoutes);
  return app;
};

/** Compares hashes in constant time; with no operator token configured, the route is closed. */
const checkOperator = (expectedHash: string | undefined, header: string | undefined, hash: (s: string) => string): void => {
  const presented = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
  const fail = () => new ApiError('InvalidOperatorToken', 'A valid operator token is required.');
  if (!expectedHash || !presented) throw fail();
  const a = Buffer.from(hash(presented), 'hex');
  const b = Buffer.from(expectedHash, 'hex');
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw fail();
};

export const app = createIamApp(container);
export const handler = handle(app);
