import { atriumIdpMetadata } from '../../access/idp-entity';
import { publishedKeys, type IdpSigningKeyRepository } from '../../access/idp-signing-key';
import type { InstanceId } from '../../shared/ids';
import { fail, ok, type Failure, type Result } from '../../shared/result';
import { SAML_NAME_ID_FORMATS } from '../application';
import type { InstanceRepository } from '../ports';

export type SamlMetadataPorts = {
  readonly instances: InstanceRepository;
  readonly instanceSigningKeys: Pick<IdpSigningKeyRepository<InstanceId>, 'get'>;
};

/**
 * The instance's IdP metadata (saml-metadata §2.4.3) at its entity id: the SSO endpoint for both
 * bindings, the NameID formats applications may choose, and every published signing certificate, so
 * an SP that imports it during a key rotation trusts the next key too. An instance that does not exist,
 * or is not (yet, or any more) Running, publishes none.
 */
export const samlIdpMetadata = async (
  ports: SamlMetadataPorts,
  input: { readonly instanceId: InstanceId; readonly entityId: string; readonly ssoUrl: string },
): Promise<Result<string, Failure<'NotFound'>>> => {
  const instance = await ports.instances.get(input.instanceId);
  if (instance?.status !== 'Running') return fail('NotFound', 'There is no SAML identity provider at this address.');
  const { keys } = await ports.instanceSigningKeys.get(input.instanceId);
  return ok(
    atriumIdpMetadata({
      entityId: input.entityId,
      ssoUrl: input.ssoUrl,
      certificates: publishedKeys(keys).map((k) => k.certificate),
      nameIdFormats: SAML_NAME_ID_FORMATS,
    }),
  );
};
