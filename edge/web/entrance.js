// Entrance screen: idle until the kiosk reports a scan over server-sent
// events, then shows the coupon (with its QR code and a Code 128 to scan at
// the till), the join invitation or a product's price for a few seconds.
// The QR comes from the kiosk as SVG (ZXing's writer): no encoder in the page.
// The screen is paired, never given a token: staff show a six-digit code on
// the tablet, the screen trades it once for a display session (a link may
// carry it as #pair=, stripped before anything else runs). The token lives in
// sessionStorage (gone with the browser) and travels only in headers.
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const SHOW_MS = Number(new URLSearchParams(location.search).get('show_ms')) || 8000;
  const TOKEN_KEY = 'smartstore.displayToken';
  const fragmentCode = new URLSearchParams(location.hash.slice(1)).get('pair');
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  let token = sessionStorage.getItem(TOKEN_KEY) || '';
  let idleTimer = null;
  let symbolSeq = 0;

  function show(view) {
    for (const v of document.querySelectorAll('.view')) v.classList.toggle('hidden', v.id !== view);
    $('screen').dataset.state = view;
    clearTimeout(idleTimer);
    if (view !== 'idle' && view !== 'pairing') idleTimer = setTimeout(() => show('idle'), SHOW_MS);
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

  function status(text, connected) { $('status').textContent = text; $('status').dataset.connected = String(connected); }

  // Each "event: scan" frame of a server-sent event stream.
  function dispatchFrames(buffer) {
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const name = (frame.match(/^event: (.*)$/m) || [])[1];
      const data = frame.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
      if (name === 'scan') { try { onScan(JSON.parse(data)); } catch (_) { /* ignore a bad frame */ } }
    }
    return buffer;
  }

  // The event stream read with fetch, so the token goes in a header
  // (EventSource can only put it in the URL). A refused token means the
  // session ended or its staff member left: the screen asks to be paired again.
  let streamAbort = null; // the one stream this page reads; a newer one replaces it
  async function connect() {
    if (streamAbort) streamAbort.abort();
    const abort = streamAbort = new AbortController();
    try {
      const r = await fetch('/api/v1/events', { headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' }, signal: abort.signal });
      if (r.status === 401 || r.status === 403) return unpair();
      if (!r.ok) throw new Error(String(r.status));
      status('연결됨 · connected', true);
      const reader = r.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer = dispatchFrames(buffer + decoder.decode(value, { stream: true }));
      }
    } catch (_) { /* dropped: try again below */ }
    if (abort !== streamAbort || abort.signal.aborted) return; // replaced or unpaired
    status('재연결 중 · reconnecting', false);
    setTimeout(connect, 2000);
  }

  function unpair(message) {
    if (streamAbort) streamAbort.abort();
    token = '';
    sessionStorage.removeItem(TOKEN_KEY);
    status('연결 안 됨 · not paired', false);
    $('pair-error').textContent = message || '';
    show('pairing');
    $('pair-code').focus();
  }

  async function pair(code) {
    try {
      const r = await fetch('/api/v1/auth/pair', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code }) });
      if (r.status !== 200) {
        return unpair(r.status === 429 ? '시도가 너무 많습니다 · Too many tries, wait a minute' : '코드가 맞지 않습니다 · Wrong or expired code');
      }
      token = (await r.json()).token;
      sessionStorage.setItem(TOKEN_KEY, token);
      show('idle');
      connect();
    } catch (_) { unpair('연결 실패 · No connection'); }
  }

  $('pair-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const code = $('pair-code').value.trim();
    $('pair-code').value = '';
    pair(code);
  });

  const tick = () => { $('clock').textContent = new Date().toLocaleTimeString('ko-KR', { hour: '2-digit', minute: '2-digit' }); };
  tick(); setInterval(tick, 10000);
  if (fragmentCode) pair(fragmentCode);
  else if (token) { show('idle'); connect(); }
  else unpair();
})();
