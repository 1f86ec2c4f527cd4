import { createHash, timingSafeEqual } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  changeApplication,
  newApplication,
  oidcClientOf,
  rotateSecret,
  withStatus,
  type Application,
  type ApplicationInput,
  type ApplicationType,
  type OidcApplication,
} from '../../../domain/ciam/application';
import { DEFAULT_LOGON_METHODS } from '../../../domain/ciam/logon-methods';
import { authenticateClient } from '../../../domain/ciam/oidc/client-authentication';
import type { ApplicationId, InstanceId } from '../../../domain/shared/ids';
import type { Result } from '../../../domain/shared/result';

const now = new Date('2030-01-01T10:00:00.000Z');
const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);
const ids = { instanceId: 'idaas_a' as InstanceId, applicationId: 'app_1' as ApplicationId };
const hash = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

const oidcInput = (type: ApplicationType, oidc: Partial<NonNullable<ApplicationInput['oidc']>> = {}): ApplicationInput => ({
  name: 'Shop',
  type,
  protocol: 'OIDC',
  oidc: { redirectUris: ['https://shop.example.com/cb'], ...oidc },
});
const samlInput = (saml: Partial<NonNullable<ApplicationInput['saml']>> = {}): ApplicationInput => ({
  name: 'Wiki',
  type: 'Website',
  protocol: 'SAML',
  saml: { spEntityId: 'https://wiki.example.com/saml', acsUrl: 'https://wiki.example.com/saml/acs', ...saml },
});
const codeOf = (r: Result<unknown, { code: string }>) => (r.ok ? 'ok' : r.error.code);
const created = (input: ApplicationInput): Application => {
  const app = newApplication(input, ids, now);
  if (!app.ok) throw new Error(app.error.message);
  return app.value;
};
const oidcApp = (input: ApplicationInput) => created(input) as OidcApplication;

describe('redirect URIs (RFC 6749 §3.1.2, RFC 8252, RFC 9700 §4.1.3)', () => {
  it.each<[string, ApplicationType, string, string]>([
    ['https', 'Website', 'ok', 'https://shop.example.com/cb'],
    ['https with a query and port', 'Website', 'ok', 'https://shop.example.com:8443/cb?tenant=a'],
    ['http on 127.0.0.1', 'Website', 'ok', 'http://127.0.0.1:8080/cb'],
    ['http on [::1]', 'MobileApp', 'ok', 'http://[::1]:51004/cb'],
    ['http on localhost', 'Website', 'ok', 'http://localhost:3000/cb'],
    ['http on a public host', 'Website', 'InvalidParameter.RedirectUri', 'http://shop.example.com/cb'],
    ['http on a host that starts like loopback', 'Website', 'InvalidParameter.RedirectUri', 'http://127.0.0.1.nip.io/cb'],
    ['http on localhost.<domain>', 'Website', 'InvalidParameter.RedirectUri', 'http://localhost.evil.example/cb'],
    ['a fragment', 'Website', 'InvalidParameter.RedirectUri', 'https://shop.example.com/cb#done'],
    ['an empty fragment', 'Website', 'InvalidParameter.RedirectUri', 'https://shop.example.com/cb#'],
    ['a wildcard host', 'Website', 'InvalidParameter.RedirectUri', 'https://*.example.com/cb'],
    ['a wildcard path', 'Website', 'InvalidParameter.RedirectUri', 'https://shop.example.com/*'],
    ['user information', 'Website', 'InvalidParameter.RedirectUri', 'https://user:pw@shop.example.com/cb'],
    ['a host hidden behind user information', 'Website', 'InvalidParameter.RedirectUri', 'https://shop.example.com@evil.example/cb'],
    ['a backslash', 'Website', 'InvalidParameter.RedirectUri', 'https://shop.example.com\\@evil.example/cb'],
    ['a scheme without //', 'Website', 'InvalidParameter.RedirectUri', 'https:shop.example.com/cb'],
    ['three slashes', 'Website', 'InvalidParameter.RedirectUri', 'https:///shop.example.com/cb'],
    ['an upper-case scheme', 'Website', 'InvalidParameter.RedirectUri', 'HTTPS://shop.example.com/cb'],
    ['surrounding space', 'Website', 'InvalidParameter.RedirectUri', ' https://shop.example.com/cb'],
    ['a relative reference', 'Website', 'InvalidParameter.RedirectUri', '/cb'],
    ['javascript:', 'Website', 'InvalidParameter.RedirectUri', 'javascript:alert(1)'],
    ['data:', 'MobileApp', 'InvalidParameter.RedirectUri', 'data:text/html,hi'],
    ['ftp', 'Website', 'InvalidParameter.RedirectUri', 'ftp://shop.example.com/cb'],
    ['a private-use scheme for a mobile app', 'MobileApp', 'ok', 'com.example.app:/oauth2redirect'],
    ['a private-use scheme with an authority', 'MobileApp', 'ok', 'com.example.app://callback'],
    ['a private-use scheme for a website', 'Website', 'InvalidParameter.RedirectUri', 'com.example.app:/oauth2redirect'],
    ['a private-use scheme for a mini program', 'MiniProgram', 'InvalidParameter.RedirectUri', 'com.example.app:/oauth2redirect'],
    ['a single-word custom scheme', 'MobileApp', 'InvalidParameter.RedirectUri', 'myapp:/cb'],
    ['a private-use scheme with a fragment', 'MobileApp', 'InvalidParameter.RedirectUri', 'com.example.app:/cb#x'],
    ['a private-use scheme and nothing after it', 'MobileApp', 'InvalidParameter.RedirectUri', 'com.example.app:'],
    ['an overlong URI', 'Website', 'InvalidParameter.RedirectUri', `https://shop.example.com/${'a'.repeat(2048)}`],
  ])('%s (%s) → %s', (_name, type, expected, uri) => {
    expect(codeOf(newApplication(oidcInput(type, { redirectUris: [uri] }), ids, now))).toBe(expected);
  });

  it('applies the same rules to post-logout redirect URIs, under their own code', () => {
    expect(codeOf(newApplication(oidcInput('Website', { postLogoutRedirectUris: ['https://shop.example.com/bye'] }), ids, now))).toBe('ok');
    for (const uri of ['https://shop.example.com/bye#x', 'http://shop.example.com/bye', 'https://*.example.com/bye']) {
      expect(codeOf(newApplication(oidcInput('Website', { postLogoutRedirectUris: [uri] }), ids, now)), uri).toBe('InvalidParameter.PostLogoutRedirectUri');
    }
  });

  it.each<[string, string[], string]>([
    ['none', [], 'InvalidParameter.RedirectUri'],
    ['ten', Array.from({ length: 10 }, (_, i) => `https://shop.example.com/cb${i}`), 'ok'],
    ['eleven', Array.from({ length: 11 }, (_, i) => `https://shop.example.com/cb${i}`), 'InvalidParameter.RedirectUri'],
    ['one twice', ['https://shop.example.com/cb', 'https://shop.example.com/cb'], 'InvalidParameter.RedirectUri'],
    ['two differing only by a trailing slash (distinct: matched exactly)', ['https://shop.example.com/cb', 'https://shop.example.com/cb/'], 'ok'],
  ])('registers %s → %s', (_name, uris, expected) => {
    expect(codeOf(newApplication(oidcInput('Website', { redirectUris: uris }), ids, now))).toBe(expected);
  });

  it('stores the URIs exactly as given', () => {
    const uris = ['https://shop.example.com:443/cb', 'https://shop.example.com/cb?b=2&a=1'];
    expect(oidcApp(oidcInput('Website', { redirectUris: uris })).oidc.redirectUris).toEqual(uris);
  });
});

describe('a new application', () => {
  it.each<[ApplicationType, 'confidential' | 'public']>([
    ['Website', 'confidential'],
    ['MiniProgram', 'public'],
    ['MobileApp', 'public'],
  ])('%s defaults to a %s client', (type, clientType) => {
    expect(oidcApp(oidcInput(type, type === 'MobileApp' ? { redirectUris: ['com.example.shop:/cb'] } : {})).oidc.clientType).toBe(clientType);
  });

  it('is enabled, with default lifetimes, grants and logon methods, and no secret yet', () => {
    const app = oidcApp(oidcInput('Website'));
    expect(app).toMatchObject({ status: 'Enabled', version: 1, createdAt: now.toISOString(), clientSecrets: [], logonMethods: DEFAULT_LOGON_METHODS });
    expect(app.oidc).toEqual({
      clientType: 'confidential',
      redirectUris: ['https://shop.example.com/cb'],
      postLogoutRedirectUris: [],
      grantTypes: ['authorization_code', 'refresh_token'],
      accessTokenSeconds: 3600,
      idTokenSeconds: 3600,
      refreshTokenSeconds: 2592000,
    });
  });

  it('may be a confidential mobile app or a public website when asked', () => {
    expect(oidcApp(oidcInput('Website', { clientType: 'public' })).oidc.clientType).toBe('public');
    expect(oidcApp(oidcInput('MiniProgram', { clientType: 'confidential' })).oidc.clientType).toBe('confidential');
  });

  it.each<[string, Partial<NonNullable<ApplicationInput['oidc']>>, string]>([
    ['code only', { grantTypes: ['authorization_code'] }, 'ok'],
    ['refresh without code', { grantTypes: ['refresh_token'] }, 'InvalidParameter.GrantTypes'],
    ['no grant', { grantTypes: [] }, 'InvalidParameter.GrantTypes'],
    ['a grant twice', { grantTypes: ['authorization_code', 'authorization_code'] }, 'InvalidParameter.GrantTypes'],
    ['the implicit grant', { grantTypes: ['authorization_code', 'implicit' as never] }, 'InvalidParameter.GrantTypes'],
    ['access token 300 s', { accessTokenSeconds: 300 }, 'ok'],
    ['access token 299 s', { accessTokenSeconds: 299 }, 'InvalidParameter.TokenLifetime'],
    ['access token a day', { accessTokenSeconds: 86_400 }, 'ok'],
    ['access token a day and a second', { accessTokenSeconds: 86_401 }, 'InvalidParameter.TokenLifetime'],
    ['ID token 1.5 hours and a half second', { idTokenSeconds: 5400.5 }, 'InvalidParameter.TokenLifetime'],
    ['ID token 299 s', { idTokenSeconds: 299 }, 'InvalidParameter.TokenLifetime'],
    ['refresh token an hour', { refreshTokenSeconds: 3600 }, 'ok'],
    ['refresh token 3599 s', { refreshTokenSeconds: 3599 }, 'InvalidParameter.TokenLifetime'],
    ['refresh token 90 days', { refreshTokenSeconds: 7_776_000 }, 'ok'],
    ['refresh token 90 days and a second', { refreshTokenSeconds: 7_776_001 }, 'InvalidParameter.TokenLifetime'],
  ])('OIDC settings: %s → %s', (_name, oidc, expected) => {
    expect(codeOf(newApplication(oidcInput('Website', oidc), ids, now))).toBe(expected);
  });

  it.each<[string, string, string]>([
    ['a name', 'Shop', 'ok'],
    ['64 characters', 'n'.repeat(64), 'ok'],
    ['65 characters', 'n'.repeat(65), 'InvalidParameter.ApplicationName'],
    ['nothing', '', 'InvalidParameter.ApplicationName'],
    ['only spaces', '   ', 'InvalidParameter.ApplicationName'],
    ['a control character', 'Shop\u0007', 'InvalidParameter.ApplicationName'],
  ])('name: %s → %s', (_name, name, expected) => {
    expect(codeOf(newApplication({ ...oidcInput('Website'), name }, ids, now))).toBe(expected);
  });

  it('trims the name', () => {
    expect(created({ ...oidcInput('Website'), name: '  Shop  ' }).name).toBe('Shop');
  });

  const png = `data:image/png;base64,${Buffer.from('png-bytes!').toString('base64')}`;
  it.each<[string, string, string]>([
    ['an https URL', 'ok', 'https://cdn.example.com/shop.png'],
    ['an http URL', 'InvalidParameter.Icon', 'http://cdn.example.com/shop.png'],
    ['a PNG data URI', 'ok', png],
    ['an SVG data URI', 'ok', `data:image/svg+xml;base64,${Buffer.from('<svg/>').toString('base64')}`],
    ['a JPEG data URI', 'ok', 'data:image/jpeg;base64,AAAA'],
    ['a GIF data URI', 'InvalidParameter.Icon', 'data:image/gif;base64,AAAA'],
    ['a data URI that is not base64', 'InvalidParameter.Icon', 'data:image/png,<raw>'],
    ['a data URI with broken base64', 'InvalidParameter.Icon', 'data:image/png;base64,AAA'],
    ['just under 32 KB', 'ok', `data:image/png;base64,${'A'.repeat(32 * 1024 - 24)}`],
    ['over 32 KB', 'InvalidParameter.Icon', `data:image/png;base64,${'A'.repeat(32 * 1024)}`],
    ['javascript:', 'InvalidParameter.Icon', 'javascript:alert(1)'],
  ])('icon: %s → %s', (_name, expected, icon) => {
    expect(codeOf(newApplication({ ...oidcInput('Website'), icon }, ids, now))).toBe(expected);
  });

  it.each<[string, ApplicationInput]>([
    ['OIDC without oidc settings', { name: 'Shop', type: 'Website', protocol: 'OIDC' }],
    ['OIDC with saml settings too', { ...oidcInput('Website'), saml: samlInput().saml }],
    ['SAML without saml settings', { name: 'Wiki', type: 'Website', protocol: 'SAML' }],
    ['SAML with oidc settings', { ...samlInput(), oidc: oidcInput('Website').oidc }],
  ])('refuses %s', (_name, input) => {
    expect(codeOf(newApplication(input, ids, now))).toBe('InvalidParameter.ProtocolSettings');
  });
});

describe('SAML applications', () => {
  it('default to an unspecified NameID taken from the username, with no attributes', () => {
    const app = created(samlInput());
    expect(app.protocol === 'SAML' && app.saml).toEqual({
      spEntityId: 'https://wiki.example.com/saml',
      acsUrl: 'https://wiki.example.com/saml/acs',
      nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
      nameIdSource: 'username',
      attributeMapping: [],
    });
    expect(app.clientSecrets).toEqual([]);
  });

  const attrs = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `attr${i}`, source: 'email' as const }));
  it.each<[string, Partial<NonNullable<ApplicationInput['saml']>>, string]>([
    ['an http ACS on loopback', { acsUrl: 'http://localhost:8080/acs' }, 'ok'],
    ['an http ACS elsewhere', { acsUrl: 'http://wiki.example.com/acs' }, 'InvalidParameter.AcsUrl'],
    ['an ACS with a fragment', { acsUrl: 'https://wiki.example.com/acs#x' }, 'InvalidParameter.AcsUrl'],
    ['an ACS that is no URL', { acsUrl: 'wiki' }, 'InvalidParameter.AcsUrl'],
    ['an entity id of 1024 characters', { spEntityId: 'e'.repeat(1024) }, 'ok'],
    ['an entity id of 1025 characters', { spEntityId: 'e'.repeat(1025) }, 'InvalidParameter.SpEntityId'],
    ['an empty entity id', { spEntityId: '' }, 'InvalidParameter.SpEntityId'],
    ['a URN entity id', { spEntityId: 'urn:example:wiki' }, 'ok'],
    ['20 attributes', { attributeMapping: attrs(20) }, 'ok'],
    ['21 attributes', { attributeMapping: attrs(21) }, 'InvalidParameter.AttributeMapping'],
    ['an attribute mapped twice', { attributeMapping: [{ name: 'mail', source: 'email' }, { name: 'mail', source: 'username' }] }, 'InvalidParameter.AttributeMapping'],
    ['an attribute without a name', { attributeMapping: [{ name: '', source: 'email' }] }, 'InvalidParameter.AttributeMapping'],
  ])('%s → %s', (_name, saml, expected) => {
    expect(codeOf(newApplication(samlInput(saml), ids, now))).toBe(expected);
  });
});

describe('changing an application', () => {
  const app = oidcApp(oidcInput('Website', { postLogoutRedirectUris: ['https://shop.example.com/bye'] }));

  it('replaces the fields given, keeps the rest, and moves the version on', () => {
    const changed = changeApplication(app, { name: 'Shop 2', oidc: { redirectUris: ['https://shop.example.com/cb2'], accessTokenSeconds: 600 } }, later(60));
    expect(changed.ok).toBe(true);
    if (!changed.ok || changed.value.protocol !== 'OIDC') return;
    expect(changed.value.name).toBe('Shop 2');
    expect(changed.value.oidc).toMatchObject({ redirectUris: ['https://shop.example.com/cb2'], accessTokenSeconds: 600, postLogoutRedirectUris: ['https://shop.example.com/bye'], idTokenSeconds: 3600 });
    expect(changed.value).toMatchObject({ version: 2, updatedAt: later(60).toISOString(), createdAt: now.toISOString() });
  });

  it('sets and removes the icon', () => {
    const withIcon = changeApplication(app, { icon: 'https://cdn.example.com/i.png' }, now);
    expect(withIcon.ok && withIcon.value.icon).toBe('https://cdn.example.com/i.png');
    if (!withIcon.ok) return;
    const without = changeApplication(withIcon.value, { icon: null }, now);
    expect(without.ok && 'icon' in without.value).toBe(false);
  });

  it.each<[string, Parameters<typeof changeApplication>[1], string]>([
    ['a redirect URI with a fragment', { oidc: { redirectUris: ['https://shop.example.com/cb#x'] } }, 'InvalidParameter.RedirectUri'],
    ['no redirect URI left', { oidc: { redirectUris: [] } }, 'InvalidParameter.RedirectUri'],
    ['a lifetime out of range', { oidc: { refreshTokenSeconds: 60 } }, 'InvalidParameter.TokenLifetime'],
    ['SAML settings on an OIDC application', { saml: { acsUrl: 'https://x.example.com/acs' } }, 'InvalidParameter.ProtocolSettings'],
    ['an empty name', { name: ' ' }, 'InvalidParameter.ApplicationName'],
  ])('refuses %s', (_name, changes, expected) => {
    expect(codeOf(changeApplication(app, changes, now))).toBe(expected);
  });

  it('refuses OIDC settings on a SAML application and checks SAML changes', () => {
    const saml = created(samlInput());
    expect(codeOf(changeApplication(saml, { oidc: { accessTokenSeconds: 600 } }, now))).toBe('InvalidParameter.ProtocolSettings');
    expect(codeOf(changeApplication(saml, { saml: { acsUrl: 'http://wiki.example.com/acs' } }, now))).toBe('InvalidParameter.AcsUrl');
    const changed = changeApplication(saml, { saml: { nameIdSource: 'email' } }, now);
    expect(changed.ok && changed.value.protocol === 'SAML' && changed.value.saml.nameIdSource).toBe('email');
  });

  it('enables and disables, and says when there is nothing to change', () => {
    const disabled = withStatus(app, 'Disabled', later(1));
    expect(disabled).toMatchObject({ status: 'Disabled', version: 2 });
    expect(withStatus(app, 'Enabled', later(1))).toBeUndefined();
    expect(oidcClientOf(disabled as OidcApplication).enabled).toBe(false);
  });
});

describe('client secret rotation', () => {
  const app = oidcApp(oidcInput('Website'));
  const rotate = (a: Application, id: string, at: Date, overlapSeconds?: number) => {
    const r = rotateSecret(a, { id, secret: `secret-${id}` }, hash, overlapSeconds, at);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.secretId).toBe(id);
    return r.value.application;
  };
  const shape = (a: Application) => a.clientSecrets.map((s) => [s.id, s.expiresAt ?? 'current']);

  it('stores only the hash of the new, current secret', () => {
    const first = rotate(app, 's0', now);
    expect(first.clientSecrets).toEqual([{ id: 's0', hash: hash('secret-s0'), createdAt: now.toISOString() }]);
    expect(JSON.stringify(first)).not.toContain('secret-s0');
    expect(first.version).toBe(app.version + 1);
  });

  it.each<[string, (number | undefined)[], number[], [string, string][]]>([
    ['one rotation with the default overlap (a day)', [undefined, undefined], [0, 0], [['s1', 'current'], ['s0', later(86_400).toISOString()]]],
    ['an overlap of an hour', [undefined, 3600], [0, 60], [['s1', 'current'], ['s0', later(3660).toISOString()]]],
    ['an overlap of 0 (revocation): the old one is gone', [undefined, 0], [0, 60], [['s1', 'current']]],
    ['the longest overlap, 7 days', [undefined, 7 * 86_400], [0, 0], [['s1', 'current'], ['s0', later(7 * 86_400).toISOString()]]],
    ['a third secret drops the oldest', [undefined, undefined, undefined], [0, 60, 120], [['s2', 'current'], ['s1', later(120 + 86_400).toISOString()]]],
    ['an already expired secret is dropped', [undefined, 3600, 3600], [0, 0, 7200], [['s2', 'current'], ['s1', later(7200 + 3600).toISOString()]]],
  ])('%s', (_name, overlaps, offsets, expected) => {
    let a: Application = app;
    overlaps.forEach((overlap, i) => {
      a = rotate(a, `s${i}`, later(offsets[i]!), overlap);
    });
    expect(shape(a)).toEqual(expected);
  });

  it.each<[string, number]>([
    ['a negative overlap', -1],
    ['more than 7 days', 7 * 86_400 + 1],
    ['a fractional overlap', 1.5],
  ])('refuses %s', (_name, overlap) => {
    expect(codeOf(rotateSecret(app, { id: 's', secret: 'x' }, hash, overlap, now))).toBe('InvalidParameter.SecretOverlap');
  });

  it('refuses public clients and SAML applications: they have no secret', () => {
    const spa = created(oidcInput('MobileApp', { redirectUris: ['com.example.shop:/cb'] }));
    expect(codeOf(rotateSecret(spa, { id: 's', secret: 'x' }, hash, undefined, now))).toBe('OperationNotSupported.ClientSecret');
    expect(codeOf(rotateSecret(created(samlInput()), { id: 's', secret: 'x' }, hash, undefined, now))).toBe('OperationNotSupported.ClientSecret');
  });

  it('is what the token endpoint authenticates against: the old secret works during the overlap, not after', () => {
    const rotated = rotate(rotate(app, 's0', now), 's1', now, 3600);
    const client = oidcClientOf(rotated as OidcApplication);
    const comparison = { hash, constantTimeEqual: (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b)) };
    const logOn = (secret: string, at: Date) =>
      authenticateClient(
        { instanceId: ids.instanceId, credentials: { method: 'client_secret_basic', clientId: ids.applicationId, secret }, client, secrets: rotated.clientSecrets, now: at },
        comparison,
      ).ok;
    expect([logOn('secret-s1', later(10)), logOn('secret-s0', later(3599)), logOn('secret-s0', later(3600)), logOn('secret-s1', later(86_400 * 365))]).toEqual([
      true,
      true,
      false,
      true,
    ]);
  });
});

describe('the OIDC client view', () => {
  it('maps the application onto the protocol rules’ client', () => {
    const app = oidcApp(oidcInput('Website', { postLogoutRedirectUris: ['https://shop.example.com/bye'], accessTokenSeconds: 900 }));
    expect(oidcClientOf(app)).toEqual({
      clientId: 'app_1',
      instanceId: 'idaas_a',
      applicationId: 'app_1',
      type: 'confidential',
      redirectUris: ['https://shop.example.com/cb'],
      postLogoutRedirectUris: ['https://shop.example.com/bye'],
      grantTypes: ['authorization_code', 'refresh_token'],
      accessTokenSeconds: 900,
      idTokenSeconds: 3600,
      refreshTokenSeconds: 2592000,
      enabled: true,
    });
  });
});
