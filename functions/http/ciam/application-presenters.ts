import type { Application, ApplicationClientSecret } from '../../../domain/ciam/application';
import type { IssuedClientSecret } from '../../../domain/ciam/application-use-cases';
import type { LogonMethods } from '../../../domain/ciam/logon-methods';

/** An application as the API shows it: never a client secret or its hash. */
export const presentApplication = (a: Application) => ({
  applicationId: a.id,
  instanceId: a.instanceId,
  name: a.name,
  ...(a.icon === undefined ? {} : { icon: a.icon }),
  type: a.type,
  protocol: a.protocol,
  status: a.status,
  ...(a.protocol === 'OIDC'
    ? {
        oidc: {
          clientId: a.id,
          clientType: a.oidc.clientType,
          redirectUris: [...a.oidc.redirectUris],
          postLogoutRedirectUris: [...a.oidc.postLogoutRedirectUris],
          grantTypes: [...a.oidc.grantTypes],
          accessTokenSeconds: a.oidc.accessTokenSeconds,
          idTokenSeconds: a.oidc.idTokenSeconds,
          refreshTokenSeconds: a.oidc.refreshTokenSeconds,
        },
      }
    : {
        saml: {
          spEntityId: a.saml.spEntityId,
          acsUrl: a.saml.acsUrl,
          nameIdFormat: a.saml.nameIdFormat,
          nameIdSource: a.saml.nameIdSource,
          attributeMapping: a.saml.attributeMapping.map((m) => ({ name: m.name, source: m.source })),
        },
      }),
  createdAt: a.createdAt,
  updatedAt: a.updatedAt,
});

/** A stored secret: when it was made and until when it is accepted. */
export const presentClientSecret = (s: Omit<ApplicationClientSecret, 'hash'>) => ({
  clientSecretId: s.id,
  createdAt: s.createdAt,
  ...(s.expiresAt === undefined ? {} : { expiresAt: s.expiresAt }),
});

/** The one response that carries a secret in clear: the one that issued it. */
export const presentIssuedSecret = (s: IssuedClientSecret) => ({ clientSecretId: s.id, clientSecret: s.secret, createdAt: s.createdAt });

export const presentLogonMethods = (m: LogonMethods) => ({
  phoneCode: m.phoneCode,
  password: m.password,
  primary: m.primary,
  selfRegistration: m.selfRegistration,
  smsSecondFactor: m.smsSecondFactor,
});
