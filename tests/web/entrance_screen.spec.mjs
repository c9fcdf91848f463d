// The entrance screen idles, then shows the coupon with its Code 128 when a
// member scan is injected, the join invitation for a non-member card, and
// returns to idle.
// With the scanner's CLI given, the screenshot is decoded by ZXing to prove
// the drawn barcode scans back to the issued code.
// usage: node entrance_screen.spec.mjs <smartstored> <artifacts dir> [smartstore-scan]
import { join } from 'node:path';
import { startKiosk, launchBrowser, check, luhnNumber, execFileSync } from './harness.mjs';

const [smartstored, artifacts = 'web-artifacts', smartstoreScan] = process.argv.slice(2);
if (!smartstored) { console.error('usage: entrance_screen.spec.mjs <smartstored> [artifacts]'); process.exit(2); }

const kiosk = await startKiosk(smartstored);
const { context, close } = await launchBrowser(artifacts);
const scan = async (text) => {
  const r = await fetch(`${kiosk.base}/api/v1/scans`, {
    method: 'POST', headers: { Authorization: `Bearer ${kiosk.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ text }),
  });
  check(r.status === 200, `scan injected (${r.status})`);
  return r.json();
};
try {
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(`${kiosk.base}/entrance.html?show_ms=2500#token=${kiosk.token}`);
  await page.waitForSelector('[data-testid=status][data-connected=true]');
  check(await page.isVisible('#idle'), 'idle screen with the event stream connected');
  check(!page.url().includes(kiosk.token), 'the token left the address bar');
  await page.screenshot({ path: join(artifacts, 'entrance-idle.png') });

  const outcome = await scan(luhnNumber('800100200300401'));
  check(outcome.coupon && outcome.coupon.code, `the kiosk issued a coupon (${outcome.reason_code})`);
  await page.waitForSelector('[data-testid=coupon-view]:not(.hidden)');
  check((await page.textContent('[data-testid=coupon-code]')) === outcome.coupon.code, 'the screen shows the issued code');
  check((await page.textContent('[data-testid=coupon-title]')) === outcome.coupon.title, 'and its title');
  const modules = await page.getAttribute('[data-testid=coupon-barcode] svg', 'data-modules');
  check(modules && modules.startsWith('11010010000') && modules.endsWith('1100011101011'),
        'a Code 128 (start B … stop) is drawn');
  check(modules.length === 11 * (outcome.coupon.code.length + 3) + 2, 'one symbol per character plus start, check and stop');
  const shot = join(artifacts, 'entrance-coupon.png');
  await page.locator('[data-testid=coupon-barcode]').screenshot({ path: join(artifacts, 'entrance-coupon-barcode.png') });
  await page.screenshot({ path: shot });
  if (smartstoreScan) {
    const decoded = execFileSync(smartstoreScan, ['--raw', join(artifacts, 'entrance-coupon-barcode.png')], { encoding: 'utf8' });
    check(decoded.includes(outcome.coupon.code), `ZXing reads the on-screen Code 128 back as the coupon code`);
  }

  await page.waitForSelector('#idle:not(.hidden)', { timeout: 8000 });
  check(true, 'back to idle after a few seconds');

  // A card-length number that fails the check digit: not an L.POINT card -> join invitation.
  const member = luhnNumber('800100200300402');
  const nonMember = member.slice(0, 15) + String((Number(member[15]) + 5) % 10);
  const join_ = await scan(nonMember);
  check(join_.kind === 'non_member_card', `a foreign card is a non-member card (${join_.kind})`);
  await page.waitForSelector('[data-testid=join-view]:not(.hidden)');
  check(true, 'the join invitation is shown');
  await page.screenshot({ path: join(artifacts, 'entrance-join.png') });
} finally {
  await close();
  await kiosk.stop();
}
