import type { Actor } from '../../../domain/directory/actor';
import type { ScimCredential } from '../../../domain/directory/scim-credential';
import type { RequestLogVariables } from '../request-log';

export type ScimEnv = {
  Variables: RequestLogVariables & { credential: ScimCredential; actor: Actor };
};
