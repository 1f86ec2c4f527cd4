import { container } from '../wire';
import { createBillingHourlyHandler } from './billing';

export const handler = createBillingHourlyHandler(container);
