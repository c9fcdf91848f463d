// The entrance screen idles, then shows the coupon with its QR code and
// Code 128 when a member scan is injected, the join invitation for a non-member card, and
// returns to idle.
// With the scanner's CLI given, the screenshot is decoded by ZXing to prove
// both drawn barcodes scan back to the issued code.
// usage: node entrance_screen.spec.mjs <smartstored> <artifacts dir> [smartstore-scan]
import { join } from 'node:path';
import { startKiosk, launchBrowser, check, luhnNumber, execFileSync } from './harness.mjs';

const [smartstored, artifacts = 'web-artifacts', smartstoreScan] = process.argv.slice(2);
if (!smartstored) { console.error('usage: entrance_screen.spec.mjs <smartstored> [artifacts]'); process.exit(2); }

// A GTIN-13 with its check digit, listed by HQ at the same price online and offline.
const PRODUCT = { gtin: '8801234567893', product_code: 'PD0101', name: '캐시미어 니트', category: '여성의류',
                  offline_price_krw: 89000, online_price_krw: 89000, app_link: 'https://app.lpoint.example/p/PD0101' };
const kiosk = await startKiosk(smartstored, { catalog: [PRODUCT] });
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
  // Paired as `make demo` links it: a one-time code in the fragment, traded once.
  const issued = await fetch(`${kiosk.base}/api/v1/auth/pairing-codes`, {
    method: 'POST', headers: { Authorization: `Bearer ${kiosk.token}`, 'Content-Type': 'application/json' }, body: '{}',
  });
  check(issued.status === 201, `a pairing code for the screen (${issued.status})`);
  const { code } = await issued.json();
  await page.goto(`${kiosk.base}/entrance.html?show_ms=4000#pair=${code}`);
  await page.waitForSelector('[data-testid=status][data-connected=true]');
  check(await page.isVisible('#idle'), 'idle screen with the event stream connected');
  check(!page.url().includes(code), 'the pairing code left the address bar');
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
  await page.waitForSelector('[data-testid=coupon-qr]:not(.hidden)');
  await page.waitForFunction(() => { const i = document.getElementById('coupon-qr-img'); return i.complete && i.naturalWidth > 0; });
  const shot = join(artifacts, 'entrance-coupon.png');
  await page.locator('[data-testid=coupon-barcode]').screenshot({ path: join(artifacts, 'entrance-coupon-barcode.png') });
  await page.screenshot({ path: shot });
  const qrShot = join(artifacts, 'entrance-coupon-qr.png');
  await page.locator('[data-testid=coupon-qr]').screenshot({ path: qrShot });
  if (smartstoreScan) {
    const decoded = execFileSync(smartstoreScan, ['--raw', join(artifacts, 'entrance-coupon-barcode.png')], { encoding: 'utf8' });
    check(decoded.includes(outcome.coupon.code), `ZXing reads the on-screen Code 128 back as the coupon code`);
    const qr = execFileSync(smartstoreScan, ['--raw', qrShot], { encoding: 'utf8' });
    check(qr.includes(outcome.coupon.code), 'ZXing reads the on-screen QR code back as the coupon code');
  } else {
    console.log('# smartstore-scan not built: the screenshots are not decoded');
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

  // A shelf code: the product's name, price and the app link with the same price (report 000).
  const shelf = await scan(PRODUCT.gtin);
  check(shelf.kind === 'product' && shelf.product && shelf.product.name === PRODUCT.name,
        `a shelf GTIN resolves against the catalog (${shelf.reason_code})`);
  await page.waitForSelector('[data-testid=product-view]:not(.hidden)');
  check((await page.textContent('[data-testid=product-name]')) === PRODUCT.name, 'the screen shows the product name');
  const price = await page.textContent('[data-testid=product-price]');
  check(price.replace(/[^0-9]/g, '') === '89000', `and its price (${price})`);
  check((await page.textContent('[data-testid=product-same]')).includes('같은 가격'), 'and says the app price is the same');
  check((await page.textContent('[data-testid=product-link]')) === PRODUCT.app_link, 'and the app link');
  await page.waitForSelector('[data-testid=product-qr]:not(.hidden)');
  await page.waitForFunction(() => { const i = document.getElementById('product-qr-img'); return i.complete && i.naturalWidth > 0; });
  const linkShot = join(artifacts, 'entrance-product-qr.png');
  await page.locator('[data-testid=product-qr]').screenshot({ path: linkShot });
  await page.screenshot({ path: join(artifacts, 'entrance-product.png') });
  if (smartstoreScan) {
    const link = execFileSync(smartstoreScan, ['--raw', linkShot], { encoding: 'utf8' });
    check(link.includes(PRODUCT.app_link), 'ZXing reads the app link QR back');
  }
} finally {
  await close();
  await kiosk.stop();
}
