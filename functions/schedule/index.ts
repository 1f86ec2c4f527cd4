import { handler as accessExpiry } from './access-expiry';
import { handler as billingDaily } from './billing-daily';
import { handler as billingHourly } from './billing-hourly';
import { handler as billingMonthly } from './billing-monthly';
import { handler as tasksSweeper } from './tasks-sweeper';

/** Scheduled jobs by the name `npm run job -- <name>` takes (and serverless.yml's function name). */
export const jobs: Record<string, (args: Record<string, string>) => Promise<unknown>> = {
  'tasks-sweeper': () => tasksSweeper(),
  'access-expiry': () => accessExpiry(),
  'billing-hourly': (args) => billingHourly(args),
  'billing-daily': (args) => billingDaily(args),
  'billing-monthly': (args) => billingMonthly(args),
};
