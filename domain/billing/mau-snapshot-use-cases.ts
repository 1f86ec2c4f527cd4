import { openInstance, type InstanceAccessError } from '../ciam/instance-access';
import type { InstanceAdministratorRepository, InstanceRepository } from '../ciam/ports';
import type { Principal } from '../iam/principal';
import { monthOf, parseMonth, type InvalidMonth, type Month } from '../metering/activity-period';
import type { Clock } from '../shared/clock';
import type { InstanceId } from '../shared/ids';
import { ok, type Result } from '../shared/result';
import type { MauSnapshotRepository } from './ports';
import type { MauSnapshot } from './usage-alert';

export type SnapshotPorts = {
  readonly instances: InstanceRepository;
  readonly instanceAdministrators: InstanceAdministratorRepository;
  readonly mauSnapshots: MauSnapshotRepository;
  readonly clock: Clock;
};

/** The hourly MAU snapshots of a month (the current one when absent): who may see usage sees these. */
export const getHourlyUsage = async (
  ports: SnapshotPorts,
  principal: Principal,
  instanceId: InstanceId,
  month: string | undefined,
): Promise<Result<{ readonly month: Month; readonly snapshots: readonly MauSnapshot[] }, InstanceAccessError | InvalidMonth>> => {
  const parsed = month === undefined ? ok(monthOf(ports.clock.now())) : parseMonth(month);
  if (!parsed.ok) return parsed;
  const opened = await openInstance(ports, principal, instanceId, 'idaas:GetInstanceUsage');
  if (!opened.ok) return opened;
  return ok({ month: parsed.value, snapshots: await ports.mauSnapshots.list(instanceId, parsed.value) });
};
