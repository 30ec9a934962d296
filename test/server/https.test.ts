/** HTTPS when a certificate is configured: the same server over TLS. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { startServer } from '../../server/serve';

test('with --cert and --key the server answers over HTTPS', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'phuluc-tls-'));
  const [cert, key] = [path.join(dir, 'cert.pem'), path.join(dir, 'key.pem')];
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
  const server = await startServer({ port: 0, dataDir: path.join(dir, 'data'), tlsCert: cert, tlsKey: key, logger: pino({ level: 'silent' }) });
  try {
    expect(server.url).toMatch(/^https:\/\//);
    const body = await new Promise<string>((resolve, reject) => {
      https
        .get(`${server.url}/api/health`, { rejectUnauthorized: false }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve(text));
        })
        .on('error', reject);
    });
    expect(JSON.parse(body)).toEqual({ ok: true });
    expect(server.firstAdminToken).toMatch(/^pl_/);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
