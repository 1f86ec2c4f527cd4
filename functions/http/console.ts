import { handle } from 'hono/aws-lambda';
import { container } from '../wire';
import { createConsoleApp } from './console/app';
import { consoleModules } from './console/modules';

/** The management console: pages for CloudSSO and CIAM over the management API. */
export const app = createConsoleApp(container, consoleModules);
export const handler = handle(app);
