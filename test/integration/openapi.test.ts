import { describe, expect, it } from 'vitest';
import { createMetaApp } from '../../functions/http/meta';

const app = createMetaApp();

describe('OpenAPI document and reference page', () => {
  it('is OpenAPI 3.1 and lists the management and resource-directory endpoints', async () => {
    const res = await app.request('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>>; components: any };
    expect(doc.openapi).toBe('3.1.0');
    const ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    expect(ops).toEqual(
      expect.arrayContaining([
        'POST /api/v1/administrators',
        'GET /api/v1/administrators',
        'DELETE /api/v1/administrators/{administratorId}',
        'POST /api/v1/administrators/{administratorId}/api-keys',
        'POST /api/v1/resource-directory',
        'POST /api/v1/resource-directory/accounts',
        'GET /api/v1/resource-directory/accounts',
        'PATCH /api/v1/resource-directory/accounts/{accountId}',
        'DELETE /api/v1/resource-directory/accounts/{accountId}',
        'POST /api/v1/resource-directory/folders',
        'GET /api/v1/tasks/{taskId}',
        'POST /api/v1/ciam/instances',
        'POST /api/v1/ciam/instances/{instanceId}/administrators',
        'POST /api/v1/ciam/instances/{instanceId}/applications',
        'PATCH /api/v1/ciam/instances/{instanceId}/applications/{applicationId}',
        'PUT /api/v1/ciam/instances/{instanceId}/applications/{applicationId}/status',
        'POST /api/v1/ciam/instances/{instanceId}/applications/{applicationId}/client-secrets',
        'PUT /api/v1/ciam/instances/{instanceId}/applications/{applicationId}/logon-methods',
        'POST /api/v1/ciam/instances/{instanceId}/accounts',
        'PATCH /api/v1/ciam/instances/{instanceId}/accounts/{customerId}',
        'GET /api/v1/ciam/instances/{instanceId}/accounts:export',
        'POST /api/v1/ciam/instances/{instanceId}/accounts:import',
      ]),
    );
    expect(doc.components.securitySchemes.ApiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.schemas.Error.required).toEqual(expect.arrayContaining(['code', 'message', 'requestId']));
  });

  it('documents request schemas from the validators, unknown fields forbidden', async () => {
    const doc = (await (await app.request('/api/v1/openapi.json')).json()) as any;
    const body = doc.paths['/api/v1/administrators'].post.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(['name']);
    expect(body.additionalProperties).toBe(false);
  });

  it('serves an interactive reference page and a health check', async () => {
    const page = await app.request('/api/v1/docs');
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('/api/v1/openapi.json');
    expect(await (await app.request('/healthz')).json()).toEqual({ status: 'ok' });
  });
});
