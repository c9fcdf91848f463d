// The entrance screen is paired, never handed a token: a staff member signs
// in on the tablet, asks for a code, and the screen trades it once. No
// request either page makes carries a token in its URL; the screen keeps its
// token out of localStorage; the code works once; and when the staff member
// who paired it is removed (staff.toml rewritten, SIGHUP) the screen's event
// stream closes and it asks to be paired again.
// usage: node screen_pairing.spec.mjs <smartstored> <artifacts dir>
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startKiosk, launchBrowser, check, luhnNumber, STAFF_ID, STAFF_PIN } from './harness.mjs';

const [smartstored, artifacts = 'web-artifacts'] = process.argv.slice(2);
if (!smartstored) { console.error('usage: screen_pairing.spec.mjs <smartstored> [artifacts]'); process.exit(2); }

const kiosk = await startKiosk(smartstored);
const { context, close } = await launchBrowser(artifacts);
const urls = [];
context.on('request', (r) => urls.push(r.url()));
try {
  const tablet = await context.newPage();
  tablet.setDefaultTimeout(10000);
  await tablet.goto(`${kiosk.base}/staff.html`);
  await tablet.fill('#staff-id', STAFF_ID);
  await tablet.fill('#pin', STAFF_PIN);
  await tablet.click('#signin-form button[type=submit]');
  await tablet.click('[data-testid=pair-screen]');
  await tablet.waitForSelector('[data-testid=pair-shown]:not(.hidden)');
  const code = ((await tablet.textContent('[data-testid=pair-shown]')).match(/[0-9]{6}/) || [])[0];
  check(code, `the tablet shows a six-digit code (${code})`);
  const staffToken = await tablet.evaluate(() => sessionStorage.getItem('smartstore.staffToken'));

  const screen = await context.newPage();
  screen.setDefaultTimeout(10000);
  await screen.goto(`${kiosk.base}/entrance.html`);
  await screen.waitForSelector('[data-testid=pairing-view]:not(.hidden)');
  check(true, 'an unpaired screen asks for a code');
  await screen.fill('[data-testid=pair-code]', code);
  await screen.click('#pair-form button[type=submit]');
  await screen.waitForSelector('[data-testid=status][data-connected=true]');
  check(true, 'the typed code pairs the screen and its event stream connects');
  const displayToken = await screen.evaluate(() => sessionStorage.getItem('smartstore.displayToken'));
  check(displayToken && displayToken.length === 64, 'the display token is kept in sessionStorage');
  const local = await screen.evaluate(() => JSON.stringify(Object.entries(localStorage)));
  check(!local.includes(displayToken), 'and nowhere in localStorage');
  const who = await (await fetch(`${kiosk.base}/api/v1/auth/whoami`, { headers: { Authorization: `Bearer ${displayToken}` } })).json();
  check(who.role === 'display', `the screen's session is a display session (${who.role})`);
  const profile = await fetch(`${kiosk.base}/api/v1/customers/${luhnNumber('800100200300400')}`, { headers: { Authorization: `Bearer ${displayToken}` } });
  check(profile.status === 403, `a display token reads no profile (${profile.status})`);

  // The stream works: an injected scan reaches the screen.
  const scan = await fetch(`${kiosk.base}/api/v1/scans`, {
    method: 'POST', headers: { Authorization: `Bearer ${kiosk.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ text: luhnNumber('800100200300401') }),
  });
  check(scan.status === 200, 'a scan injected');
  await screen.waitForSelector('[data-testid=coupon-view]:not(.hidden)');
  check(true, 'the paired screen shows the coupon');

  // The same code on another screen: refused.
  const second = await context.newPage();
  await second.goto(`${kiosk.base}/entrance.html#pair=${code}`);
  await second.waitForFunction(() => document.getElementById('pair-error').textContent.length > 0);
  check(await second.isVisible('[data-testid=pairing-view]'), 'a used code pairs nothing');
  check(!second.url().includes(code), 'and the code left the address bar');

  const leaky = urls.filter((u) => [staffToken, displayToken, kiosk.token].some((t) => u.includes(t)) ||
                                   /access_token|[?&#]token=/.test(u));
  check(leaky.length === 0, `no request URL of ${urls.length} carries a token (${leaky.join(', ')})`);
  check(urls.some((u) => u.endsWith('/api/v1/events')), 'the event stream was requested without a query');

  // The staff member who paired the screen leaves: its stream closes at the reload.
  const staffToml = readFileSync(kiosk.staffFile, 'utf8');
  writeFileSync(kiosk.staffFile, staffToml.slice(0, staffToml.indexOf('\n\n[[staff]]') + 1), { mode: 0o600 });
  kiosk.reload();
  await screen.waitForSelector('[data-testid=pairing-view]:not(.hidden)', { timeout: 15000 });
  check(true, 'removing the staff member ends the screen\'s session: it asks to be paired again');
  check(await screen.evaluate(() => sessionStorage.getItem('smartstore.displayToken')) === null, 'and forgot the token');
  await screen.screenshot({ path: join(artifacts, 'entrance-pairing.png') });
} finally {
  await close();
  await kiosk.stop();
}
