import OpenApiUtil from '@alicloud/openapi-util';
import { describe, expect, it } from 'vitest';
import { percentEncode } from '../../../functions/http/rpc/percent-encode';
import { acs3Signature, acs3StringToSign, parseAcs3Authorization, sha256Hex } from '../../../functions/http/rpc/signature-acs3';
import { v1Signature, v1StringToSign } from '../../../functions/http/rpc/signature-v1';

describe('signature version 1.0', () => {
  it("reproduces Alibaba Cloud's documented example (DescribeRegions, secret testsecret)", () => {
    const params = {
      AccessKeyId: 'testid',
      Action: 'DescribeRegions',
      Format: 'XML',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
      SignatureVersion: '1.0',
      Timestamp: '2016-02-23T12:46:24Z',
      Version: '2014-05-26',
    };
    const stringToSign = v1StringToSign('GET', params);
    expect(stringToSign).toBe(
      'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26',
    );
    expect(v1Signature('testsecret', stringToSign)).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });

  it('leaves the Signature parameter itself out and depends on the method', () => {
    const params = { Action: 'GetUser', UserId: 'u-1' };
    expect(v1StringToSign('GET', { ...params, Signature: 'x' })).toBe(v1StringToSign('GET', params));
    expect(v1StringToSign('POST', params)).not.toBe(v1StringToSign('GET', params));
  });

  it.each([
    [' ', '%20'],
    ['*', '%2A'],
    ['~', '~'],
    ["!'()", '%21%27%28%29'],
    ['a+b/c', 'a%2Bb%2Fc'],
    ['中', '%E4%B8%AD'],
  ])('percent-encodes %j as POP does (%s)', (raw, encoded) => {
    expect(percentEncode(raw)).toBe(encoded);
  });
});

describe('ACS3-HMAC-SHA256', () => {
  const request = {
    method: 'POST',
    path: '/',
    query: { DirectoryId: 'd-1', UserName: 'alice bob', 'Tags.1.Key': 'team*' },
    headers: {
      host: 'cloudsso.example:3000',
      'x-acs-action': 'CreateUser',
      'x-acs-version': '2021-05-15',
      'x-acs-date': '2026-11-24T09:00:00Z',
      'x-acs-signature-nonce': 'n-1',
      'x-acs-content-sha256': sha256Hex('a=1'),
      'content-type': 'application/x-www-form-urlencoded',
    },
    payloadHash: sha256Hex('a=1'),
  };

  it('signs as the Alibaba Cloud SDK (openapi-util) does', () => {
    const sdk = OpenApiUtil.getAuthorization(
      { method: request.method, pathname: request.path, query: request.query, headers: request.headers } as never,
      'ACS3-HMAC-SHA256',
      request.payloadHash,
      'AKID',
      'secret',
    );
    const ours = acs3Signature('secret', acs3StringToSign(request));
    expect(sdk).toBe(`ACS3-HMAC-SHA256 Credential=AKID,SignedHeaders=${Object.keys(request.headers).sort().join(';')},Signature=${ours}`);
  });

  it('parses the Authorization header and refuses malformed ones', () => {
    expect(parseAcs3Authorization(`ACS3-HMAC-SHA256 Credential=AK1,SignedHeaders=host;x-acs-date,Signature=${'a'.repeat(64)}`)).toEqual({
      accessKeyId: 'AK1',
      signedHeaders: ['host', 'x-acs-date'],
      signature: 'a'.repeat(64),
    });
    expect(parseAcs3Authorization('ACS3-HMAC-SHA256 Credential=AK1,SignedHeaders=host')).toBeUndefined();
    expect(parseAcs3Authorization(`ACS3-HMAC-SHA256 Credential=AK1,SignedHeaders=host,Signature=${'Z'.repeat(64)}`)).toBeUndefined();
    expect(parseAcs3Authorization(`HMAC-SHA1 Credential=AK1,SignedHeaders=host,Signature=${'a'.repeat(64)}`)).toBeUndefined();
  });

  it('changes with any signed part', () => {
    const base = acs3StringToSign(request);
    expect(acs3StringToSign({ ...request, query: { ...request.query, UserName: 'mallory' } })).not.toBe(base);
    expect(acs3StringToSign({ ...request, headers: { ...request.headers, 'x-acs-action': 'DeleteUser' } })).not.toBe(base);
    expect(acs3StringToSign({ ...request, payloadHash: sha256Hex('a=2') })).not.toBe(base);
  });
});
