// X.509 parsing is deterministic (no I/O, no clock, no randomness), so the domain may use Node's parser
// rather than carry an ASN.1 decoder of its own; validity is judged against the `now` it is given.
import { X509Certificate } from 'node:crypto';
import { err, ok, type Result } from '../shared/result';

/** RSA only: XML-DSig RSA-SHA256 is what Entra ID, Okta, AD FS and Shibboleth sign with by default. */
export const MIN_RSA_BITS = 2048;

export type CertificateInfo = {
  /** The base64 DER body: no PEM armour, no whitespace. This is the stored and compared form. */
  readonly body: string;
  readonly subject: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly sha256Fingerprint: string;
};

/** A PEM block or a bare base64 DER body (as in metadata's `<ds:X509Certificate>`) → the bare body. */
export const certificateBody = (text: string): string =>
  text
    .replace(/-----BEGIN CERTIFICATE-----/g, '')
    .replace(/-----END CERTIFICATE-----/g, '')
    .replace(/\s+/g, '');

export const toPem = (body: string): string => `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)?.join('\n') ?? ''}\n-----END CERTIFICATE-----\n`;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Parses one certificate, refusing anything but exactly one DER X.509 certificate with an RSA key ≥ 2048 bits. */
export const parseCertificate = (text: string): Result<CertificateInfo, string> => {
  const trimmed = text.trim();
  if ((trimmed.match(/-----BEGIN /g) ?? []).length > 1) return err('holds more than one PEM block: give one certificate per entry');
  if (/-----BEGIN (?!CERTIFICATE-----)/.test(trimmed)) return err('is not a certificate (only "BEGIN CERTIFICATE" PEM blocks are accepted)');
  const body = certificateBody(trimmed);
  if (body.length === 0 || !BASE64.test(body)) return err('is not PEM or base64 DER');
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(Buffer.from(body, 'base64'));
  } catch {
    return err('does not parse as an X.509 certificate');
  }
  // Trailing bytes after the DER structure would be ignored by the parser: refuse them, so the stored
  // body is exactly the certificate.
  if (cert.raw.toString('base64') !== body) return err('has bytes beyond the X.509 structure');
  const key = cert.publicKey;
  if (key.asymmetricKeyType !== 'rsa') return err(`has a ${key.asymmetricKeyType ?? 'non-RSA'} key; an RSA key is required`);
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) return err(`has a ${bits}-bit RSA key; at least ${MIN_RSA_BITS} bits are required`);
  return ok({
    body,
    subject: cert.subject.split('\n').join(', '),
    notBefore: new Date(cert.validFrom),
    notAfter: new Date(cert.validTo),
    sha256Fingerprint: cert.fingerprint256,
  });
};
