/**
 * Key material for Atrium's IdP signing keys: an RSA-2048 key pair and a self-signed X.509 certificate.
 *
 * Node generates keys but cannot write certificates, and SAML relying parties (clouds' SAML providers,
 * metadata importers) take keys only as certificates. @peculiar/x509 builds them on WebCrypto (which
 * Node has), is maintained by PeculiarVentures (PKI.js, webcrypto), is pure JavaScript (bundles with
 * esbuild, no native build) and types its API. Its DI container (tsyringe) needs the Reflect metadata
 * API, hence the `reflect-metadata` import, which must come first. Callers load this module with
 * import() (keys are made once per directory and rotation), so no function pays for it at cold start.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { randomBytes, webcrypto, KeyObject } from 'node:crypto';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export const CERTIFICATE_VALIDITY_YEARS = 3;

export type SigningKeyMaterial = {
  /** PKCS#8 PEM. Stays inside the adapter that stores it. */
  readonly privateKeyPem: string;
  /** Base64 DER body (no PEM armour): the stored and published form. */
  readonly certificate: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
};

const RSA_SHA256: RsaHashedKeyGenParams = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };

export const generateSigningKeyMaterial = async (subject: { commonName: string }, now: Date): Promise<SigningKeyMaterial> => {
  const keys = (await webcrypto.subtle.generateKey(RSA_SHA256, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
  // A minute back, so a relying party whose clock runs slightly behind still finds it valid.
  const notBefore = new Date(now.getTime() - 60_000);
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + CERTIFICATE_VALIDITY_YEARS);
  // RFC 5280 §4.1.2.2: a positive serial of at most 20 octets; the top bit cleared keeps it positive.
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial.toString('hex'),
    name: [{ CN: [subject.commonName] }, { O: ['Atrium'] }],
    notBefore,
    notAfter,
    signingAlgorithm: RSA_SHA256,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    ],
  });
  const privateKeyPem = KeyObject.from(keys.privateKey as unknown as webcrypto.CryptoKey).export({ type: 'pkcs8', format: 'pem' }).toString();
  return { privateKeyPem, certificate: Buffer.from(certificate.rawData).toString('base64'), notBefore, notAfter };
};
