import type { Instance, Order } from '../../../domain/ciam/instance';
import type { InstanceAdministrator } from '../../../domain/ciam/instance-administrator';

export const presentInstance = (i: Instance) => ({
  instanceId: i.id,
  description: i.description,
  region: i.region,
  edition: i.edition,
  deployment: i.deployment,
  status: i.status,
  orderId: i.orderId,
  createdAt: i.createdAt,
  ...(i.releasedAt ? { releasedAt: i.releasedAt } : {}),
});

export const presentOrder = (o: Order) => ({
  orderId: o.id,
  instanceId: o.instanceId,
  type: o.type,
  region: o.region,
  edition: o.edition,
  hourlyFee: o.hourlyFee,
  currency: o.currency,
  createdAt: o.createdAt,
});

export const presentInstanceAdministrator = (a: InstanceAdministrator) => ({
  administratorId: a.administratorId,
  accountName: a.accountName,
  ...(a.externalId ? { externalId: a.externalId } : {}),
  role: a.role,
  createdAt: a.createdAt,
});
