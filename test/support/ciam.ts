import { expect } from 'vitest';
import type { InstanceId } from '../../domain/shared/ids';
import type { Api } from './access-world';

/**
 * Buys a CIAM instance through the management API. With the workers' queue given, waits for the
 * `instance.purchased` work, so the instance is Running (its signing keys exist) when this returns.
 */
export const buyInstance = async (
  api: Api,
  key: string,
  options: { readonly edition?: string; readonly queue?: { idle(): Promise<void> } } = {},
): Promise<InstanceId> => {
  const res = await api.call('POST', '/api/v1/ciam/instances', { key, body: { region: 'cn-hangzhou', edition: options.edition ?? 'Enterprise' } });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  await options.queue?.idle();
  return res.json.instance.instanceId as InstanceId;
};
