import type { Context } from 'hono';
import { SANDBOX_SIGN_IN_PATH } from '../../../adapters/sandbox-cloud/endpoints';
import type { CloudSignInEndpoint } from '../../../domain/access/cloud';
import { publicOrigin } from '../management/origin';

/**
 * Where the portal sends users into member accounts. A real cloud is configured by environment
 * (Alibaba Cloud: `https://signin.aliyun.com/saml-role/sso`, audience `urn:alibaba:cloudcomputing`;
 * AWS: `https://signin.aws.amazon.com/saml`, `urn:amazon:webservices`); the default is the sandbox
 * cloud served by this deployment.
 */
export const cloudSignInEndpoint = (c: Context): CloudSignInEndpoint => {
  const url = process.env.CLOUD_SIGNIN_URL;
  const flavour = process.env.CLOUD_FLAVOUR === 'aws' ? 'aws' : 'alibaba';
  if (url) return { url, audience: process.env.CLOUD_SIGNIN_AUDIENCE ?? (flavour === 'aws' ? 'urn:amazon:webservices' : 'urn:alibaba:cloudcomputing'), flavour };
  return { url: `${publicOrigin(c)}${SANDBOX_SIGN_IN_PATH}`, audience: 'urn:alibaba:cloudcomputing', flavour: 'alibaba' };
};
