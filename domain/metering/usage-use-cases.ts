import { openInstance, openInstanceForChange, type InstanceAccessError } from '../ciam/instance-access';
import type { InstanceStateError } from '../ciam/instance';
import type { InstanceAdministratorRepository, InstanceRepository } from '../ciam/ports';
import type { Principal } from '../iam/principal';
import type { Clock } from '../shared/clock';
import type { InstanceId } from '../shared/ids';
import { ok, type Result } from '../shared/result';
import { monthOf, parseMonth, type InvalidMonth } from './activity-period';
import type { MonthlyUsage, UsageReader, UsageThresholdRepository } from './ports';
import { validateThresholds, type InvalidThresholds, type UsageThresholds } from './usage-threshold';

export type UsagePorts = {
  readonly instances: InstanceRepository;
  readonly instanceAdministrators: InstanceAdministratorRepository;
  readonly usage: UsageReader;
  readonly usageThresholds: UsageThresholdRepository;
  readonly clock: Clock;
};

/**
 * An instance's monthly active users in a UTC month (`YYYY-MM`; the current month when absent): so
 * far, for the current month. Readers of the instance may see it, as they see the instance itself.
 */
export const getMonthlyUsage = async (
  ports: UsagePorts,
  principal: Principal,
  instanceId: InstanceId,
  month: string | undefined,
): Promise<Result<MonthlyUsage, InstanceAccessError | InvalidMonth>> => {
  const parsed = month === undefined ? ok(monthOf(ports.clock.now())) : parseMonth(month);
  if (!parsed.ok) return parsed;
  const opened = await openInstance(ports, principal, instanceId, 'idaas:GetInstanceUsage');
  if (!opened.ok) return opened;
  return ok(await ports.usage.monthlyUsage(instanceId, parsed.value));
};

export const getUsageThresholds = async (
  ports: UsagePorts,
  principal: Principal,
  instanceId: InstanceId,
): Promise<Result<UsageThresholds, InstanceAccessError>> => {
  const opened = await openInstance(ports, principal, instanceId, 'idaas:GetUsageThresholds');
  if (!opened.ok) return opened;
  return ok((await ports.usageThresholds.get(instanceId)) ?? { instanceId, thresholds: [] });
};

/** Replaces the instance's MAU thresholds (an empty list turns the alerts off). */
export const setUsageThresholds = async (
  ports: UsagePorts,
  principal: Principal,
  instanceId: InstanceId,
  thresholds: readonly number[],
): Promise<Result<UsageThresholds, InstanceAccessError | InstanceStateError | InvalidThresholds>> => {
  const valid = validateThresholds(thresholds);
  if (!valid.ok) return valid;
  const opened = await openInstanceForChange(ports, principal, instanceId, 'idaas:SetUsageThresholds');
  if (!opened.ok) return opened;
  const saved: UsageThresholds = { instanceId, thresholds: valid.value, updatedAt: ports.clock.now().toISOString() };
  await ports.usageThresholds.put(saved);
  return ok(saved);
};
