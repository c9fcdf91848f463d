// Whoever picks up a shared tablet after a staff member must not inherit their
// session: the staff token lives in the tab's sessionStorage, never in
// localStorage (kept on the tablet's disk for every later visitor), and a
// token an older page left in localStorage is wiped. Chromium with a real
// on-disk profile against the real smartstored.
// usage: node staff_token_storage.spec.mjs <smartstored> <artifacts dir>
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startKiosk, launchBrowser, check, STAFF_ID, STAFF_PIN } from './harness.mjs';

const [smartstored, artifacts = 'web-artifacts'] = process.argv.slice(2);
if (!smartstored) { console.error('usage: staff_token_storage.spec.mjs <smartstored> [artifacts]'); process.exit(2); }

// Every file of the browser profile that holds `needle` (LevelDB keeps values as plain bytes).
function filesHolding(dir, needle) {
  const found = [];
  if (!existsSync(dir)) return found;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    let st;
    try { st = statSync(path); } catch (_) { continue; }
    if (st.isDirectory()) found.push(...filesHolding(path, needle));
    else if (st.size < 64 << 20 && readFileSync(path).includes(needle)) found.push(path);
  }
  return found;
}

const kiosk = await startKiosk(smartstored);
const { context, profile, close } = await launchBrowser(artifacts);
try {
  const signIn = async (page) => {
    await page.goto(`${kiosk.base}/staff.html`);
    await page.fill('#staff-id', STAFF_ID);
    await page.fill('#pin', STAFF_PIN);
    await page.click('#signin-form button[type=submit]');
    await page.waitForSelector('#lookup:not(.hidden)');
  };
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  await signIn(page);
  const token = await page.evaluate(() => sessionStorage.getItem('smartstore.staffToken'));
  check(token && token.length >= 32, 'the staff token is in the tab\'s sessionStorage');
  const local = await page.evaluate(() => JSON.stringify(Object.entries(localStorage)));
  check(!local.includes(token), 'and nowhere in localStorage');
  const who = await (await fetch(`${kiosk.base}/api/v1/auth/whoami`, { headers: { Authorization: `Bearer ${token}` } })).json();
  check(who.staff_id === STAFF_ID, `it is the signed-in staff member's token (${who.staff_id})`);

  // The next person opens the page in another tab, or after this tab is closed.
  const other = await context.newPage();
  other.setDefaultTimeout(10000);
  await other.goto(`${kiosk.base}/staff.html`);
  await other.waitForSelector('#signin:not(.hidden)');
  check(await other.isHidden('#lookup'), 'another tab is not signed in');
  await page.close();
  await other.reload();
  await other.waitForSelector('#signin:not(.hidden)');
  check(await other.isHidden('#lookup'), 'nor is any tab once the signed-in one is closed');

  // Reloading the signed-in tab keeps the session (sessionStorage lives as long as the tab).
  await signIn(other);
  await other.reload();
  await other.waitForSelector('#lookup:not(.hidden)');
  check(true, 'a reload of the signed-in tab stays signed in');

  // A token an older page kept in localStorage is wiped at the next load.
  await other.evaluate(() => localStorage.setItem('smartstore.staffToken', 'left-by-an-older-page'));
  await other.reload();
  await other.waitForSelector('#lookup:not(.hidden)');
  check(await other.evaluate(() => localStorage.getItem('smartstore.staffToken')) === null,
    'a token left in localStorage by an older page is removed');

  // Nothing of the first session is in the profile's local storage on disk.
  const onDisk = filesHolding(join(profile, 'Default', 'Local Storage'), token);
  check(onDisk.length === 0, `the first token is in no Local Storage file (${onDisk.join(', ') || 'none'})`);
} finally {
  await close();
  await kiosk.stop();
}
