import { existsSync, mkdtempSync, readFileSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../../proc/run-command.js';

/** A server certificate and its key, PEM-encoded. The certificate is self-signed: it is its own CA. */
export interface TlsMaterial {
  readonly cert: string;
  readonly key: string;
}

/**
 * The endpoint's self-signed certificate for 127.0.0.1/localhost, made with `openssl`. kubectl (client-go)
 * sends a bearer token only over TLS, so the endpoint cannot be plain http. With `dir`, the pair is kept in
 * `dir/tls.crt` + `dir/tls.key` and reused, so kubeconfigs written earlier stay valid.
 */
export async function serverCertificate(dir?: string): Promise<TlsMaterial> {
  if (dir && existsSync(join(dir, 'tls.crt')) && existsSync(join(dir, 'tls.key'))) {
    return { cert: readFileSync(join(dir, 'tls.crt'), 'utf8'), key: readFileSync(join(dir, 'tls.key'), 'utf8') };
  }
  const target = dir ?? mkdtempSync(join(tmpdir(), 'kovn-tls-'));
  try {
    await runCommand([
      'openssl', 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', join(target, 'tls.key'), '-out', join(target, 'tls.crt'), '-days', '3650',
      '-subj', '/CN=kovn-api', '-addext', 'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost',
    ]);
    chmodSync(join(target, 'tls.key'), 0o600);
    return { cert: readFileSync(join(target, 'tls.crt'), 'utf8'), key: readFileSync(join(target, 'tls.key'), 'utf8') };
  } finally {
    if (!dir) rmSync(target, { recursive: true, force: true });
  }
}
