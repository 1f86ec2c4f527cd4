import type { Hono } from 'hono';
import { app as iam } from './iam';
import { app as meta } from './meta';
import { app as org } from './org';

/**
 * Every HTTP function's app, by function name (as in serverless.yml). The local stack mounts them
 * all on one server; a test checks this list and serverless.yml agree.
 */
export const httpApps: Record<string, Hono<never>> = { meta, iam, org } as unknown as Record<string, Hono<never>>;
