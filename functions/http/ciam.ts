import { registerAuditTrail } from './audit/audit-api';
import { instanceAuditRoutes } from './audit/audit-routes';
import { handle } from 'hono/aws-lambda';
import { container } from '../wire';
import { registerBilling } from './ciam/billing';
import { registerInstances } from './ciam/instances';
import { registerApplications } from './ciam/applications';
import { registerCustomers } from './ciam/customers';
import { registerInstanceSigningKeys } from './ciam/signing-keys';
import { registerUsage } from './ciam/usage';
import { createManagementApp } from './management/app';
import type { Deps } from './management/env';

/** CIAM's management API: instances, their administrators, applications, customer accounts and usage. */
export const createCiamApp = (deps: Deps) => {
  const app = createManagementApp(deps);
  registerInstances(app, deps);
  registerApplications(app, deps);
  registerCustomers(app, deps);
  registerInstanceSigningKeys(app, deps);
  registerBilling(app, deps);
  registerUsage(app, deps);
  registerAuditTrail(app, deps, instanceAuditRoutes);
  return app;
};

export const app = createCiamApp(container);
export const handler = handle(app);
