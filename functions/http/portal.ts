import { handle } from 'hono/aws-lambda';
import { container } from '../wire';
import { createPortalApp } from './portal/app';

/** The CloudSSO user portal: sign-in (password, MFA, SAML SSO), the user's accounts, sign-out. */
export const app = createPortalApp(container);
export const handler = handle(app);
