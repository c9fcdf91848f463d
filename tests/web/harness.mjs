// Shared by the browser tests: provisions a kiosk (keys, staff file, config)
// in a temp directory, starts the built smartstored on a free loopback port,
// and launches Debian's chromium through playwright-core.
import { spawn, execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync, mkdirSync, rmSync, readFileSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const STAFF_ID = 'kim';
export const STAFF_PIN = '482913';

export function fail(message) {
  console.error(`FAIL: ${message}`);
  process.exitCode = 1;
  throw new Error(message);
}
export function check(cond, message) {
  if (!cond) fail(message);
  console.log(`ok - ${message}`);
}

// 15 digits + Luhn check digit: a valid L.POINT-style card number.
export function luhnNumber(body) {
  let sum = 0;
  for (let i = 0; i < body.length; i += 1) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

async function freePort() {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

// options.catalog: HQ catalog entries loaded into the store before the daemon
// starts, through the built smartstore-web-catalog ($SMARTSTORE_WEB_CATALOG).
export async function startKiosk(smartstored, options = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'smartstore-web-'));
  if (options.catalog) {
    const loader = process.env.SMARTSTORE_WEB_CATALOG;
    if (!loader) fail('SMARTSTORE_WEB_CATALOG (the built smartstore-web-catalog) is needed to load a catalog');
    const file = join(dir, 'catalog.json');
    writeFileSync(file, JSON.stringify(options.catalog), { mode: 0o600 });
    execFileSync(loader, [join(dir, 'data'), 'S001', file], { stdio: 'inherit' });
  }
  mkdirSync(join(dir, 'keys'), { mode: 0o700 });
  const key = (name, bytes) => { const f = join(dir, 'keys', name); writeFileSync(f, randomBytes(bytes), { mode: 0o600 }); chmodSync(f, 0o600); return f; };
  const deployment = key('deployment.key', 32);
  const coupon = key('coupon.key', 32);
  const token = randomBytes(32).toString('hex');
  const salt = randomBytes(16).toString('hex');
  const { pbkdf2Sync } = await import('node:crypto');
  const pinHash = pbkdf2Sync(STAFF_PIN, salt, 1000, 32, 'sha256').toString('hex');
  const staffFile = join(dir, 'staff.toml');
  writeFileSync(staffFile,
    `[[staff]]\nid = "entrance"\ntoken_sha256 = "${createHash('sha256').update(token).digest('hex')}"\n\n` +
    `[[staff]]\nid = "${STAFF_ID}"\npin_salt = "${salt}"\npin_iterations = 1000\npin_hash = "${pinHash}"\n`, { mode: 0o600 });
  const port = await freePort();
  const config = join(dir, 'kiosk.toml');
  writeFileSync(config, `[kiosk]
store_id = "S001"
kiosk_id = "K01"
data_dir = "${join(dir, 'data')}"
deployment_key_file = "${deployment}"
coupon_key_file = "${coupon}"
log_level = "debug"

[broker]
enabled = false

[http]
listen = "127.0.0.1:${port}"
staff_file = "${staffFile}"
`);
  const logFile = join(dir, 'daemon.log');
  const child = spawn(smartstored, ['--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20000;
  for (;;) {
    try { const r = await fetch(`${base}/healthz`); if (r.ok) break; } catch (_) { /* not yet */ }
    if (child.exitCode !== null || Date.now() > deadline) {
      writeFileSync(logFile, log);
      fail(`smartstored did not serve /healthz (exit ${child.exitCode}):\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base, token, dir, staffFile,
    log: () => log,
    reload() { child.kill('SIGHUP'); },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => { if (child.exitCode !== null) r(); else child.on('exit', r); setTimeout(r, 10000); });
      writeFileSync(logFile, log);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(artifacts) {
  mkdirSync(artifacts, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'smartstore-chromium-'));
  // A fresh profile directory per run (playwright passes it as --user-data-dir).
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 800 },
    locale: 'ko-KR',
  });
  return {
    context,
    profile, // the browser's on-disk profile: what stays on the tablet
    async close() { await context.close(); rmSync(profile, { recursive: true, force: true }); },
  };
}

export function readText(file) { return readFileSync(file, 'utf8'); }
export { execFileSync };
