/**
 * The register's own TLS certificate for the phone page: a phone's browser lets a page use the camera only in a
 * secure context, and on the store's network that means HTTPS. The certificate is self-signed, made the first
 * time a phone is paired and kept in the data folder, so a phone accepts it once and not at every start. It is
 * made again only when it is about to expire (then each phone accepts the new one once).
 */
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface PhoneCertificate {
  key: string;
  cert: string;
  /** SHA-256 of the certificate, "AB:CD:…", which the phone's warning page also shows. */
  fingerprint: string;
}

/** Apple's limit for a server certificate's life; browsers apply it to self-signed ones too. */
const validDays = 825;
const renewDaysBefore = 30;
const dayMs = 86_400_000;

/** The certificate in `dir`, made there first (for `addresses`, which it names) if missing or near its end. */
export async function loadOrCreateCertificate(
  dir: string,
  addresses: string[],
  now: Date,
): Promise<PhoneCertificate> {
  const keyFile = join(dir, 'phone-key.pem');
  const certFile = join(dir, 'phone-cert.pem');
  if (existsSync(keyFile) && existsSync(certFile)) {
    const cert = readFileSync(certFile, 'utf8');
    const parsed = new X509Certificate(cert);
    if (Date.parse(parsed.validTo) - now.getTime() > renewDaysBefore * dayMs) {
      return { key: readFileSync(keyFile, 'utf8'), cert, fingerprint: parsed.fingerprint256 };
    }
  }
  const made = await generate([{ name: 'commonName', value: 'Counter register' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - dayMs),
    notAfterDate: new Date(now.getTime() + validDays * dayMs),
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [{ type: 2, value: 'localhost' }, ...addresses.map((ip) => ({ type: 7 as const, ip }))],
      },
    ],
  });
  mkdirSync(dir, { recursive: true });
  writeFileSync(keyFile, made.private, { mode: 0o600 });
  writeFileSync(certFile, made.cert);
  return { key: made.private, cert: made.cert, fingerprint: new X509Certificate(made.cert).fingerprint256 };
}
