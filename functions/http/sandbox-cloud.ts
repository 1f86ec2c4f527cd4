import { handle } from 'hono/aws-lambda';
import { container } from '../wire';
import { createSandboxCloudApp } from './sandbox-cloud/app';

/** The path the portal posts SAML Responses to: `${origin}${SANDBOX_SIGN_IN_PATH}`. */
export { SANDBOX_SIGN_IN_PATH } from '../../adapters/sandbox-cloud/endpoints';

/** The sandbox cloud: the console sign-in endpoint of the embedded stand-in for member accounts' cloud, and its STS. */
export { createSandboxCloudApp };
export const app = createSandboxCloudApp(container);
export const handler = handle(app);
