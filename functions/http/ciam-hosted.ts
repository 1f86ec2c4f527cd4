import { handle } from 'hono/aws-lambda';
import { container } from '../wire';
import { createCiamHostedApp } from './ciam-hosted/app';

/** CIAM instances' OpenID Connect provider and hosted logon pages. */
export const app = createCiamHostedApp(container);
export const handler = handle(app);
