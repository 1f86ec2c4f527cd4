import { z } from '@hono/zod-openapi';

export const InstanceIdParam = z.string().regex(/^idaas_[a-z0-9]{1,40}$/).openapi({ param: { name: 'instanceId', in: 'path' }, example: 'idaas_0123456789abcdefghijklmnop' });
export const InstanceParams = z.strictObject({ instanceId: InstanceIdParam });
