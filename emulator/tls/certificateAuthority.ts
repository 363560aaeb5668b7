import { generateKeyPairSync, randomBytes } from 'node:crypto';

import forge from 'node-forge';

/** A certificate authority made for one emulator run, and a server certificate for 127.0.0.1. */
export interface EmulatorTls {
  caCertPem: string;
  serverKeyPem: string;
  serverCertPem: string;
}

function keyPair(): {
  privateKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.rsa.PublicKey;
  pem: string;
} {
  // Node's native generator is far faster than forge's pure-JS one; forge only builds the X.509.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const key = forge.pki.privateKeyFromPem(pem);
  return { privateKey: key, publicKey: forge.pki.setRsaPublicKey(key.n, key.e), pem };
}

function serial(): string {
  // Positive, 16 bytes.
  return `01${randomBytes(15).toString('hex')}`;
}

/** A certificate for `publicKey`, with a fresh serial number, valid from `notBefore` to `notAfter`. */
function certificateFor(
  publicKey: forge.pki.rsa.PublicKey,
  notBefore: Date,
  notAfter: Date,
): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  return cert;
}

/**
 * Makes a CA and a server certificate signed by it, valid for 127.0.0.1 and localhost. Clients
 * trust the CA through NODE_EXTRA_CA_CERTS, the same way a corporate proxy's CA is trusted.
 */
export function createEmulatorTls(): EmulatorTls {
  const now = new Date();
  const notBefore = new Date(now.getTime() - 60_000);
  const notAfter = new Date(now.getTime() + 30 * 86_400_000);

  const ca = keyPair();
  const caCert = certificateFor(ca.publicKey, notBefore, notAfter);
  const caName = [{ name: 'commonName', value: 'mi-auditor local Azure emulator CA' }];
  caCert.setSubject(caName);
  caCert.setIssuer(caName);
  caCert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  caCert.sign(ca.privateKey, forge.md.sha256.create());

  const server = keyPair();
  const cert = certificateFor(server.publicKey, notBefore, notAfter);
  cert.setSubject([{ name: 'commonName', value: 'localhost' }]);
  cert.setIssuer(caName);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 7, ip: '127.0.0.1' },
        { type: 2, value: 'localhost' },
      ],
    },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(ca.privateKey, forge.md.sha256.create());

  return {
    caCertPem: forge.pki.certificateToPem(caCert),
    serverKeyPem: server.pem,
    serverCertPem: forge.pki.certificateToPem(cert),
  };
}
