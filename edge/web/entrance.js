// Entrance screen: idle until the kiosk reports a scan over server-sent
// events, then shows the coupon (with its QR code and a Code 128 to scan at
// the till), the join invitation or a product's price for a few seconds.
// The QR comes from the kiosk as SVG (ZXing's writer): no encoder in the page.
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const SHOW_MS = Number(new URLSearchParams(location.search).get('show_ms')) || 8000;
  const TOKEN_KEY = 'smartstore.entranceToken';
  const fragmentToken = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fragmentToken) { localStorage.setItem(TOKEN_KEY, fragmentToken); history.replaceState(null, '', location.pathname + location.search); }
  const token = localStorage.getItem(TOKEN_KEY) || '';
  let idleTimer = null;
  let symbolSeq = 0;

  function show(view) {
    for (const v of document.querySelectorAll('.view')) v.classList.toggle('hidden', v.id !== view);
    $('screen').dataset.state = view;
    clearTimeout(idleTimer);
    if (view !== 'idle') idleTimer = setTimeout(() => show('idle'), SHOW_MS);
  }

  const won = (n) => `₩${Math.round(n).toLocaleString('ko-KR')}`;

  function showCoupon(c) {
    $('coupon-title').textContent = c.title;
    $('coupon-reason').textContent = c.reason;
    $('coupon-code').textContent = c.code;
    $('coupon-expiry').textContent = `유효기간 · valid until ${c.expires_at.slice(0, 16).replace('T', ' ')} UTC`;
    const box = $('coupon-barcode');
    box.replaceChildren();
    const svg = Code128.svg(c.code);
    if (svg) {
      // Whole device pixels per module: a scaled, anti-aliased barcode scans badly.
      const modules = svg.viewBox.baseVal.width;
      const scale = Math.max(1, Math.floor(Math.min(window.innerWidth * 0.9, 1800) / modules));
      svg.style.width = `${modules * scale}px`;
      box.append(svg);
    }
    box.classList.toggle('hidden', !svg);
    showSymbol(`/api/v1/coupons/${encodeURIComponent(c.code)}/barcode.svg?format=qr`, 'coupon-qr', 'coupon-qr-img', 0.35);
    show('coupon');
  }

  // Symbols come from the kiosk as SVG, fetched with the token in a header (an
  // <img src> could not carry it) and shown through a blob URL at a whole
  // number of device pixels per module. A newer scan wins over a fetch in flight.
  async function showSymbol(url, figureId, imgId, heightShare) {
    const seq = ++symbolSeq;
    const figure = $(figureId);
    const img = $(imgId);
    figure.classList.add('hidden');
    try {
      const r = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
      if (!r.ok || seq !== symbolSeq) return;
      const modules = Number((r.headers.get('X-Barcode-Modules') || '').split('x')[0]) || 0;
      const blobUrl = URL.createObjectURL(await r.blob());
      if (seq !== symbolSeq) { URL.revokeObjectURL(blobUrl); return; }
      const scale = Math.max(3, Math.floor(Math.min(window.innerHeight * heightShare, 480) / Math.max(modules, 1)));
      img.onload = () => URL.revokeObjectURL(blobUrl);
      img.src = blobUrl;
      if (modules) { img.width = modules * scale; img.height = modules * scale; }
      img.dataset.modules = String(modules);
      figure.classList.remove('hidden');
    } catch (_) { /* offline: the screen still shows the code as text */ }
  }

  function onScan(e) {
    if (e.coupon) return showCoupon(e.coupon);
    if (e.kind === 'non_member_card' || e.reason_code === 'join_invitation') {
      $('join-message').textContent = e.message;
      return show('join');
    }
    if (e.kind === 'product' && e.product) {
      $('product-name').textContent = e.product.name;
      $('product-price').textContent = won(e.product.offline_price_krw);
      $('product-same').textContent = e.product.same_price ? '온라인과 같은 가격 · Same price online' : `온라인 · online ${won(e.product.online_price_krw)}`;
      $('product-link').textContent = e.product.app_link;
      if (e.product.app_link) {
        showSymbol(`/api/v1/products/${encodeURIComponent(e.product.gtin14 || e.product.gtin || e.product.product_code)}/app-link.svg`,
                   'product-qr', 'product-qr-img', 0.22);
      } else {
        $('product-qr').classList.add('hidden');
      }
      return show('product');
    }
    if (e.message) { $('message-text').textContent = e.message; show('message'); }
  }

  function connect() {
    const source = new EventSource(`/api/v1/events?access_token=${encodeURIComponent(token)}`);
    source.onopen = () => { $('status').textContent = '연결됨 · connected'; $('status').dataset.connected = 'true'; };
    source.onerror = () => { $('status').textContent = '재연결 중 · reconnecting'; $('status').dataset.connected = 'false'; };
    source.addEventListener('scan', (ev) => { try { onScan(JSON.parse(ev.data)); } catch (_) { /* ignore a bad frame */ } });
  }

  const tick = () => { $('clock').textContent = new Date().toLocaleTimeString('ko-KR', { hour: '2-digit', minute: '2-digit' }); };
  tick(); setInterval(tick, 10000);
  show('idle');
  connect();
})();
