// In Lambda the execution role's credentials are always in the environment, so the SDK's default
// chain (SSO, INI files, IMDS, web identity: about 100 KB minified, with nested STS/SSO clients) is
// dead weight in a bundle. Used by scripts/build.mjs only; local runs use the real chain.
import { fromEnv } from '@aws-sdk/credential-provider-env';

export const defaultProvider = (init = {}) => fromEnv(init);
