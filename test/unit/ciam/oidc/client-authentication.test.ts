import { describe, expect, it } from 'vitest';
import {
  authenticateClient,
  parseClientCredentials,
  type ClientCredentials,
  type ClientSecret,
} from '../../../../domain/ciam/oidc/client-authentication';
import type { OidcClient } from '../../../../domain/ciam/oidc/client';
import type { RequestParams } from '../../../../domain/ciam/oidc/params';
import { at, confidentialClient, constantTimeEqual, hashSecret, INSTANCE, NOW, publicClient } from './fixtures';

const basic = (id: string, secret: string): string => `Basic ${Buffer.from(`${id}:${secret}`, 'utf8').toString('base64')}`;

describe('parsing client credentials (RFC 6749 §2.3)', () => {
  it.each<[string, string | undefined, RequestParams, ClientCredentials]>([
    ['client_secret_basic', basic('web-app', 's3cret'), {}, { method: 'client_secret_basic', clientId: 'web-app', secret: 's3cret' }],
    ['Basic scheme in lower case', basic('web-app', 's3cret').replace('Basic', 'basic'), {}, { method: 'client_secret_basic', clientId: 'web-app', secret: 's3cret' }],
    [
      'basic with form-url-encoded id and secret (RFC 6749 §2.3.1)',
      basic('my%3Aapp', 'a+b%2Bc%25%3A%C3%A9'),
      {},
      { method: 'client_secret_basic', clientId: 'my:app', secret: 'a b+c%:é' },
    ],
    ['basic with a colon in the secret', basic('web-app', 'a:b'), {}, { method: 'client_secret_basic', clientId: 'web-app', secret: 'a:b' }],
    ['basic with the same client_id in the body', basic('web-app', 's'), { client_id: 'web-app' }, { method: 'client_secret_basic', clientId: 'web-app', secret: 's' }],
    ['client_secret_post', undefined, { client_id: 'web-app', client_secret: 's3cret' }, { method: 'client_secret_post', clientId: 'web-app', secret: 's3cret' }],
    ['public client: client_id only', undefined, { client_id: 'spa' }, { method: 'none', clientId: 'spa' }],
  ])('%s', (_name, header, params, expected) => {
    expect(parseClientCredentials(header, params)).toEqual({ ok: true, value: expected });
  });

  it.each<[string, string | undefined, RequestParams, string]>([
    ['basic and client_secret_post together', basic('web-app', 's'), { client_id: 'web-app', client_secret: 's' }, 'invalid_request'],
    ['basic and a body client_secret without client_id', basic('web-app', 's'), { client_secret: 's' }, 'invalid_request'],
    ['basic with another body client_id', basic('web-app', 's'), { client_id: 'spa' }, 'invalid_request'],
    ['Bearer instead of Basic', 'Bearer abc', {}, 'invalid_request'],
    ['Basic with no credentials', 'Basic ', {}, 'invalid_request'],
    ['Basic that is not base64', 'Basic !!!!', {}, 'invalid_request'],
    ['Basic with bad base64 length', 'Basic d2ViLWFwcDpz=', {}, 'invalid_request'],
    ['Basic without a colon', `Basic ${Buffer.from('web-app').toString('base64')}`, {}, 'invalid_request'],
    ['Basic with invalid percent-encoding', basic('web-app', '%zz'), {}, 'invalid_request'],
    ['Basic that is not UTF-8', `Basic ${Buffer.from([0x61, 0x3a, 0xff]).toString('base64')}`, {}, 'invalid_request'],
    ['Basic with an empty client_id', basic('', 's'), {}, 'invalid_request'],
    ['Basic with an empty secret', basic('web-app', ''), {}, 'invalid_client'],
    ['client_secret without client_id', undefined, { client_secret: 's' }, 'invalid_request'],
    ['client_id repeated', undefined, { client_id: ['a', 'b'] }, 'invalid_request'],
    ['client_secret repeated', undefined, { client_id: 'web-app', client_secret: ['a', 'a'] }, 'invalid_request'],
    ['no client identification at all', undefined, {}, 'invalid_client'],
  ])('%s → %s', (_name, header, params, code) => {
    expect(parseClientCredentials(header, params)).toEqual({ ok: false, error: { code, message: expect.any(String) } });
  });
});

describe('authenticating the client', () => {
  const current: ClientSecret = { hash: hashSecret('new-secret') };
  const previous: ClientSecret = { hash: hashSecret('old-secret'), expiresAt: at(3600).toISOString() };
  const secrets = [current, previous];
  const comparison = { hash: hashSecret, constantTimeEqual };
  const run = (credentials: ClientCredentials, client: OidcClient | undefined, now = NOW, stored = secrets) =>
    authenticateClient({ instanceId: INSTANCE, credentials, client, secrets: stored, now }, comparison);

  it.each<[string, ClientCredentials, OidcClient, Date]>([
    ['current secret by basic', { method: 'client_secret_basic', clientId: 'web-app', secret: 'new-secret' }, confidentialClient, NOW],
    ['current secret by post', { method: 'client_secret_post', clientId: 'web-app', secret: 'new-secret' }, confidentialClient, NOW],
    ['old secret within its overlap', { method: 'client_secret_basic', clientId: 'web-app', secret: 'old-secret' }, confidentialClient, at(3599)],
    ['public client with client_id only', { method: 'none', clientId: 'spa' }, publicClient, NOW],
  ])('accepts %s', (_name, credentials, client, now) => {
    expect(run(credentials, client, now)).toEqual({ ok: true, value: client });
  });

  it.each<[string, ClientCredentials, OidcClient | undefined, Date, string]>([
    ['wrong secret', { method: 'client_secret_basic', clientId: 'web-app', secret: 'guess' }, confidentialClient, NOW, 'Client authentication failed.'],
    ['expired old secret', { method: 'client_secret_basic', clientId: 'web-app', secret: 'old-secret' }, confidentialClient, at(3600), 'The client secret has expired.'],
    ['the stored hash sent as the secret', { method: 'client_secret_post', clientId: 'web-app', secret: hashSecret('new-secret') }, confidentialClient, NOW, 'Client authentication failed.'],
    ['confidential client without a secret', { method: 'none', clientId: 'web-app' }, confidentialClient, NOW, 'This client must authenticate with its client secret.'],
    ['public client sending a secret', { method: 'client_secret_post', clientId: 'spa', secret: 'x' }, publicClient, NOW, 'A public client must not send a client secret.'],
    ['unknown client', { method: 'client_secret_basic', clientId: 'nobody', secret: 'x' }, undefined, NOW, 'Client authentication failed: the client is unknown or disabled.'],
    ['disabled client', { method: 'client_secret_basic', clientId: 'web-app', secret: 'new-secret' }, { ...confidentialClient, enabled: false }, NOW, 'Client authentication failed: the client is unknown or disabled.'],
    ['client of another instance', { method: 'client_secret_basic', clientId: 'web-app', secret: 'new-secret' }, { ...confidentialClient, instanceId: 'ci-2' }, NOW, 'Client authentication failed: the client is unknown or disabled.'],
  ])('refuses %s with invalid_client', (_name, credentials, client, now, message) => {
    expect(run(credentials, client, now)).toEqual({ ok: false, error: { code: 'invalid_client', message } });
  });

  it('refuses a confidential client with no secrets at all', () => {
    const out = run({ method: 'client_secret_basic', clientId: 'web-app', secret: '' }, confidentialClient, NOW, []);
    expect(out.ok).toBe(false);
  });

  it('compares against every stored secret, whichever matches', () => {
    const calls: string[] = [];
    authenticateClient(
      { instanceId: INSTANCE, credentials: { method: 'client_secret_basic', clientId: 'web-app', secret: 'new-secret' }, client: confidentialClient, secrets, now: NOW },
      { hash: hashSecret, constantTimeEqual: (a, b) => (calls.push(b), constantTimeEqual(a, b)) },
    );
    expect(calls).toEqual([current.hash, previous.hash]);
  });

  it('is a bug to pass a client other than the presented one', () => {
    expect(() => run({ method: 'none', clientId: 'spa' }, confidentialClient)).toThrow();
  });
});
