import { container } from '../wire';
import { createBillingDailyHandler } from './billing';

export const handler = createBillingDailyHandler(container);
