import { container } from '../wire';
import { createBillingMonthlyHandler } from './billing';

export const handler = createBillingMonthlyHandler(container);
