// A staff member signs in on the tablet page, looks up a customer, records a
// note with inline validation, sees it appear, and records another through a
// Wi-Fi drop (offline queue, same idempotency key) without a duplicate; then
// the customer withdraws marketing consent and asks to be forgotten, each
// recorded only once staff confirm.
// usage: node staff_tablet.spec.mjs <smartstored> <artifacts dir>
import { join } from 'node:path';
import { startKiosk, launchBrowser, check, luhnNumber, STAFF_ID, STAFF_PIN } from './harness.mjs';

const [smartstored, artifacts = 'web-artifacts'] = process.argv.slice(2);
if (!smartstored) { console.error('usage: staff_tablet.spec.mjs <smartstored> [artifacts]'); process.exit(2); }

const kiosk = await startKiosk(smartstored);
const { context, close } = await launchBrowser(artifacts);
const member = luhnNumber('800100200300400');
try {
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  await page.goto(`${kiosk.base}/staff.html`);

  // Sign in: a wrong PIN first.
  await page.fill('#staff-id', STAFF_ID);
  await page.fill('#pin', '000000');
  await page.click('#signin-form button[type=submit]');
  await page.waitForFunction(() => document.getElementById('signin-error').textContent.length > 0);
  check((await page.textContent('#signin-error')).includes('Wrong staff ID or PIN'), 'a wrong PIN is refused');
  await page.fill('#pin', STAFF_PIN);
  await page.click('#signin-form button[type=submit]');
  await page.waitForSelector('#lookup:not(.hidden)');
  check(true, 'signed in with the PIN');

  // Look up a customer by typed number.
  await page.fill('#member', member);
  await page.click('#lookup-form button[type=submit]');
  await page.waitForSelector('[data-testid=profile-card]:not(.hidden) [data-testid=masked]');
  const masked = await page.textContent('[data-testid=masked]');
  check(masked === `************${member.slice(12)}`, `the card shows the masked number (${masked})`);
  check(!(await page.textContent('[data-testid=profile-card]')).includes(member), 'the raw number is not on the card');
  check(await page.isVisible('#survey'), 'a customer not in the cache gets the sign-up survey');
  await page.screenshot({ path: join(artifacts, 'staff-card-landscape.png'), fullPage: true });

  // Inline validation: an item without a price never leaves the tablet.
  let posted = 0;
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().includes('/notes')) posted += 1; });
  await page.fill('#items .item-row [data-k=category]', '여성의류');
  await page.click('#note-submit');
  await page.waitForSelector('#items [data-k=price_krw][aria-invalid=true]');
  check((await page.textContent('#items .item-row .field-error')).includes('price required'), 'missing price is flagged inline');
  await page.fill('#note-form [name=remarks]', '전화 010-1234-5678');
  await page.fill('#items .item-row [data-k=price_krw]', '89000');
  await page.click('#note-submit');
  await page.waitForSelector('[data-field=remarks][aria-invalid=true]');
  check(posted === 0, 'invalid notes were not sent');

  // A valid note: stored and shown in the recent notes.
  await page.fill('#items .item-row [data-k=category]', '여성의류');
  await page.fill('#items .item-row [data-k=price_krw]', '89000');
  await page.fill('#note-form [name=remarks]', '색상 고민 후 구매');
  await page.fill('#note-form [name=deliberation_min]', '7');
  await page.selectOption('#note-form [name=preferred_channel]', 'app');
  await page.click('#note-submit');
  await page.waitForSelector('[data-testid=notes] li');
  const firstNote = await page.textContent('[data-testid=notes] li');
  check(firstNote.includes('색상 고민 후 구매') && firstNote.includes('여성의류'), `the note appears on the card (${firstNote.trim()})`);
  check((await page.textContent('#note-ok')).includes('Saved'), 'the form confirms the save');

  // Wi-Fi drops: the note waits in the queue, then goes once the network is back.
  await context.setOffline(true);
  await page.fill('#items .item-row [data-k=product_code]', 'PD0101');
  await page.fill('#items .item-row [data-k=price_krw]', '15900');
  await page.click('#note-submit');
  await page.waitForSelector('[data-testid=queue]:not(.hidden)');
  check((await page.textContent('[data-testid=queue]')).includes('1 waiting'), 'offline: the note is queued');
  const stored = await page.evaluate(() => localStorage.getItem('smartstore.noteQueue'));
  check(!stored.includes(member), 'the queue in localStorage holds no raw card number');
  await page.screenshot({ path: join(artifacts, 'staff-offline-queue.png'), fullPage: true });
  await context.setOffline(false);
  await page.waitForSelector('[data-testid=queue].hidden', { state: 'attached', timeout: 15000 });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=notes] li').length === 2, null, { timeout: 15000 });
  check(true, 'back online: the queued note was sent and appears');

  // Exactly two notes on the kiosk: nothing doubled.
  const token = await page.evaluate(() => sessionStorage.getItem('smartstore.staffToken'));
  const card = await (await fetch(`${kiosk.base}/api/v1/customers/${member}`, { headers: { Authorization: `Bearer ${token}` } })).json();
  check(card.recent_notes.length === 2, `the kiosk holds exactly 2 notes (${card.recent_notes.length})`);
  check(card.recent_notes.some((n) => n.items.some((i) => i.product_code === 'PD0101' && i.price_krw === 15900)), 'the queued note was stored as typed');

  await page.setViewportSize({ width: 800, height: 1280 });
  await page.screenshot({ path: join(artifacts, 'staff-card-portrait.png'), fullPage: true });
  check(!kiosk.log().includes(member), 'the daemon log never contains the raw number');

  // The customer withdraws marketing consent: a dismissed confirmation sends
  // nothing (the next scan still gets a coupon); an accepted one is recorded at
  // once, and the next scan answers consent.withdrawn without a coupon.
  const scan = async () => {
    const r = await fetch(`${kiosk.base}/api/v1/scans`, {
      method: 'POST', headers: { Authorization: `Bearer ${kiosk.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: member }),
    });
    check(r.status === 200, `scan injected (${r.status})`);
    return r.json();
  };
  let withdrawals = 0;
  page.on('request', (r) => { if (r.url().includes('/consent-withdrawal')) withdrawals += 1; });
  page.once('dialog', (d) => d.dismiss());
  await page.click('[data-testid=withdraw-consent]');
  await page.waitForTimeout(300);
  check(withdrawals === 0, 'withdrawal dismissed: no request sent');
  check(await page.isVisible('[data-testid=withdraw-consent]'), 'withdrawal dismissed: the button stays');
  const consenting = await scan();
  check(consenting.coupon !== null && consenting.reason_code !== 'consent.withdrawn',
        `withdrawal dismissed: a scan still gets a coupon (${consenting.reason_code})`);
  page.once('dialog', (d) => d.accept());
  await page.click('[data-testid=withdraw-consent]');
  await page.waitForSelector('[data-testid=consent-withdrawn]');
  const recorded = await page.textContent('[data-testid=consent-withdrawn]');
  check(withdrawals === 1 && recorded.includes('Consent withdrawal recorded') && !recorded.includes(member),
        `withdrawal confirmed: one request, the page says so (${recorded.trim()})`);
  const withdrawn = await scan();
  check(withdrawn.reason_code === 'consent.withdrawn' && withdrawn.coupon === null,
        `the next scan answers consent.withdrawn with no coupon (${withdrawn.reason_code})`);
  const carded = await (await fetch(`${kiosk.base}/api/v1/customers/${member}`, { headers: { Authorization: `Bearer ${token}` } })).json();
  check(carded.consent_marketing === false, 'the card says consent is withdrawn');

  // The customer asks to be forgotten: a dismissed confirmation erases nothing; an accepted one does.
  page.once('dialog', (d) => d.dismiss());
  await page.click('[data-testid=forget]');
  await page.waitForTimeout(300);
  check(await page.isVisible('[data-testid=notes]'), 'forget dismissed: the card stays');
  page.once('dialog', (d) => d.accept());
  await page.click('[data-testid=forget]');
  await page.waitForSelector('[data-testid=forgotten]');
  const forgotten = await page.textContent('[data-testid=forgotten]');
  check(forgotten.includes('Member forgotten') && !forgotten.includes(member), `the page says so (${forgotten.trim()})`);
  const gone = await (await fetch(`${kiosk.base}/api/v1/customers/${member}`, { headers: { Authorization: `Bearer ${token}` } })).json();
  check(gone.recent_notes.length === 0, `the kiosk no longer ties notes to the member (${gone.recent_notes.length})`);
} finally {
  await close();
  await kiosk.stop();
}
