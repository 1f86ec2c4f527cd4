import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { LogonSettings } from '../../../domain/logon/logon-settings';
import {
  getLogonSettings,
  setLoginPreference,
  setLogonMethod,
  setMfaSetting,
  setPasswordPolicy,
} from '../../../domain/logon/logon-settings-use-cases';
import { deleteUserMfaDevice, listUserMfaDevices } from '../../../domain/logon/mfa-device-use-cases';
import { resetUserPassword } from '../../../domain/logon/portal-logon';
import type { DirectoryId, UserId } from '../../../domain/shared/ids';
import type { Container } from '../../wire';
import { orThrow } from '../management/api-error';
import type { ManagementEnv } from '../management/env';
import { publicOrigin } from '../management/origin';
import * as r from './logon-routes';
import { clearSamlIdp, getSamlIdp, setSamlIdp } from '../../../domain/logon/saml-logon';
import type { SamlIdpConfig } from '../../../domain/saml/idp-config';
import { spOf } from '../portal/saml';

/** Logon settings of a directory as the API shows them, with the URLs an administrator hands out. */
const present = (s: LogonSettings, directoryName: string, directoryId: string, c: Context) => ({
  method: s.method,
  passwordPolicy: s.passwordPolicy,
  mfa: s.mfa,
  loginPreference: { ...s.loginPreference, loginNetworkMasks: [...s.loginPreference.loginNetworkMasks] },
  breakGlassUserIds: [...s.breakGlassUserIds],
  portalUrl: `${publicOrigin(c)}/portal/${directoryName}/login`,
  samlSpMetadataUrl: `${publicOrigin(c)}/saml/${directoryId}/metadata`,
});

/** CloudSSO logon settings, password resets and MFA devices in the management API. */
export const registerLogon = (app: OpenAPIHono<ManagementEnv>, deps: () => Container) => {
  const dirOf = (p: { directoryId: string }) => p.directoryId as DirectoryId;
  const respond = async (c: Context<ManagementEnv>, directoryId: DirectoryId, settings: LogonSettings) => {
    const directory = await deps().directories.get(directoryId);
    return c.json(present(settings, directory?.name ?? '', directoryId, c), 200);
  };

  app.openapi(r.getLogonSettingsRoute, async (c) => {
    const d = dirOf(c.req.valid('param'));
    return respond(c, d, orThrow(await getLogonSettings(deps(), c.get('principal'), d)));
  });
  app.openapi(r.passwordPolicyRoute, async (c) => {
    const d = dirOf(c.req.valid('param'));
    return respond(c, d, orThrow(await setPasswordPolicy(deps(), c.get('principal'), d, c.req.valid('json'))));
  });
  app.openapi(r.loginPreferenceRoute, async (c) => {
    const d = dirOf(c.req.valid('param'));
    return respond(c, d, orThrow(await setLoginPreference(deps(), c.get('principal'), d, c.req.valid('json'))));
  });
  app.openapi(r.mfaSettingRoute, async (c) => {
    const d = dirOf(c.req.valid('param'));
    return respond(c, d, orThrow(await setMfaSetting(deps(), c.get('principal'), d, c.req.valid('json').status)));
  });
  app.openapi(r.logonMethodRoute, async (c) => {
    const d = dirOf(c.req.valid('param'));
    const body = c.req.valid('json');
    return respond(c, d, orThrow(await setLogonMethod(deps(), c.get('principal'), d, { method: body.method, breakGlassUserIds: body.breakGlassUserIds as UserId[] | undefined })));
  });
  app.openapi(r.resetPasswordRoute, async (c) => {
    const p = c.req.valid('param');
    const body = c.req.valid('json');
    const out = orThrow(await resetUserPassword(deps(), c.get('principal'), dirOf(p), p.userId as UserId, { password: body.password, mustChange: body.mustChange }));
    return c.json(out, 200);
  });
  const presentIdp = (idp: SamlIdpConfig | undefined) =>
    idp
      ? { configured: true, entityId: idp.entityId, ssoUrl: idp.ssoUrl, binding: idp.binding, certificates: [...idp.certificates], wantRequestSigned: idp.wantRequestSigned, updatedAt: idp.updatedAt }
      : { configured: false };
  app.openapi(r.getSamlIdpRoute, async (c) => c.json(presentIdp(orThrow(await getSamlIdp(deps(), c.get('principal'), dirOf(c.req.valid('param'))))), 200));
  app.openapi(r.setSamlIdpRoute, async (c) => {
    const body = c.req.valid('json');
    return c.json(presentIdp(orThrow(await setSamlIdp(deps(), c.get('principal'), dirOf(c.req.valid('param')), body))), 200);
  });
  app.openapi(r.clearSamlIdpRoute, async (c) => {
    orThrow(await clearSamlIdp(deps(), c.get('principal'), dirOf(c.req.valid('param'))));
    return c.body(null, 204);
  });
  app.openapi(r.samlSpRoute, async (c) => {
    const d = dirOf(c.req.valid('param'));
    orThrow(await getSamlIdp(deps(), c.get('principal'), d));
    const sp = spOf(c, d);
    return c.json({ ...sp, metadataUrl: sp.entityId }, 200);
  });

  app.openapi(r.listMfaDevicesRoute, async (c) => {
    const p = c.req.valid('param');
    const devices = orThrow(await listUserMfaDevices(deps(), c.get('principal'), dirOf(p), p.userId as UserId));
    return c.json({ devices: devices.map((d) => ({ deviceId: d.deviceId, type: d.type, name: d.name, createdAt: d.createdAt })) }, 200);
  });
  app.openapi(r.deleteMfaDeviceRoute, async (c) => {
    const p = c.req.valid('param');
    orThrow(await deleteUserMfaDevice(deps(), c.get('principal'), dirOf(p), p.userId as UserId, p.deviceId));
    return c.body(null, 204);
  });
};
