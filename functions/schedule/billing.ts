import { billDay, closeMonth, previousDay, previousHour, previousMonth, snapshotHourlyMau } from '../../domain/billing/billing-jobs';
import type { Result } from '../../domain/shared/result';
import { invocationLogger, type InvocationContext } from '../invocation-logger';
import { container, type Container } from '../wire';

/** A job's refusal (a malformed or unfinished period) fails the run with the use case's message. */
const orFail = <T>(result: Result<T, { code: string; message: string }>): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
};

/**
 * The billing schedules. Each bills the period that just ended, or the one given (`npm run job --
 * billing-daily --date 2026-11-23`); in AWS EventBridge passes no arguments. Args arrive as strings
 * from the command line or as the scheduled event's fields.
 */
export const createBillingHourlyHandler = (deps: () => Container) => async (args: { hour?: string } = {}, context?: InvocationContext) => {
  const c = deps();
  const run = orFail(await snapshotHourlyMau(c, args.hour ?? previousHour(c.clock.now())));
  invocationLogger(c.logger, context, { job: 'billing-hourly' }).log('info', 'hourly MAU snapshot', run);
  return run;
};

export const createBillingDailyHandler = (deps: () => Container) => async (args: { date?: string } = {}, context?: InvocationContext) => {
  const c = deps();
  const run = orFail(await billDay(c, args.date ?? previousDay(c.clock.now())));
  invocationLogger(c.logger, context, { job: 'billing-daily' }).log('info', 'daily bill lines written', run);
  return run;
};

export const createBillingMonthlyHandler = (deps: () => Container) => async (args: { month?: string } = {}, context?: InvocationContext) => {
  const c = deps();
  const run = orFail(await closeMonth(c, args.month ?? previousMonth(c.clock.now())));
  invocationLogger(c.logger, context, { job: 'billing-monthly' }).log('info', 'monthly statements issued', { month: run.month, statements: run.statements.length });
  return run;
};
