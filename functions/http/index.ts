import { app as ciam } from './ciam';
import { app as ciamHosted } from './ciam-hosted';
import { app as cloudsso } from './cloudsso';
import { app as consoleApp } from './console';
import { app as iam } from './iam';
import { app as meta } from './meta';
import { app as org } from './org';
import { app as portal } from './portal';
import { app as rpc } from './rpc';
import { app as sandbox } from './sandbox-cloud';
import { app as scim } from './scim';

/** What the local stack needs of a function's app: a fetch handler. */
export type FetchApp = { fetch: (request: Request, env?: Record<string, unknown>) => Response | Promise<Response> };

/**
 * Every HTTP function's app, by function name (as in serverless.yml). The local stack mounts them
 * all behind one gateway; a test checks this list and serverless.yml agree.
 */
export const httpApps: Record<string, FetchApp> = { meta, iam, org, cloudsso, ciam, 'ciam-hosted': ciamHosted, scim, portal, sandbox, console: consoleApp, rpc };
