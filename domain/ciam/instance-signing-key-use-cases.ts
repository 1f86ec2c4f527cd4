import { activateKeyOf, addPendingKeyTo } from '../access/key-rotation';
import { publishedKeys, type IdpSigningKey, type IdpSigningKeyError } from '../access/idp-signing-key';
import type { Principal } from '../iam/principal';
import type { InstanceId } from '../shared/ids';
import { ok, type Result } from '../shared/result';
import type { ConcurrentModification } from '../shared/store-outcomes';
import type { CiamPorts } from './ciam-ports';
import type { InstanceStateError } from './instance';
import { openInstance, openInstanceForChange, type InstanceAccessError } from './instance-access';

/**
 * An instance's signing keys (ID tokens, access tokens, SAML responses), as its JWKS publishes them:
 * Active first. Rotation is two-phase, as for a directory's IdP keys: a Pending key is published in the
 * JWKS before it signs (relying parties that cache the JWKS learn it first), and after activation the
 * old key stays published as Previous, so tokens it signed keep verifying until they expire.
 */
export const listInstanceSigningKeys = async (
  ports: CiamPorts,
  principal: Principal,
  instanceId: InstanceId,
): Promise<Result<IdpSigningKey[], InstanceAccessError>> => {
  const opened = await openInstance(ports, principal, instanceId, 'idaas:GetInstance');
  if (!opened.ok) return opened;
  return ok(publishedKeys((await ports.instanceSigningKeys.ensureActive(instanceId, ports.clock.now())).keys));
};

export const addPendingInstanceSigningKey = async (
  ports: CiamPorts,
  principal: Principal,
  instanceId: InstanceId,
): Promise<Result<IdpSigningKey, InstanceAccessError | InstanceStateError | IdpSigningKeyError | ConcurrentModification>> => {
  const opened = await openInstanceForChange(ports, principal, instanceId, 'idaas:RotateInstanceSigningKey');
  if (!opened.ok) return opened;
  const now = ports.clock.now();
  return addPendingKeyTo(ports.instanceSigningKeys, instanceId, await ports.instanceSigningKeys.ensureActive(instanceId, now), now);
};

export const activateInstanceSigningKey = async (
  ports: CiamPorts,
  principal: Principal,
  instanceId: InstanceId,
  keyId: string,
): Promise<Result<IdpSigningKey[], InstanceAccessError | InstanceStateError | IdpSigningKeyError | ConcurrentModification>> => {
  const opened = await openInstanceForChange(ports, principal, instanceId, 'idaas:RotateInstanceSigningKey');
  if (!opened.ok) return opened;
  return activateKeyOf(ports.instanceSigningKeys, instanceId, await ports.instanceSigningKeys.get(instanceId), keyId);
};
