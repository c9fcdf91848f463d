// Staff tablet: sign in, look up a customer, show the profile card, record a
// behaviour note. Notes go through a queue in localStorage so a Wi-Fi drop
// loses nothing; each keeps its Idempotency-Key, so a retry never doubles it.
// The raw card number is kept in memory only: the stored queue holds the
// member key, and a note waits until that customer is open again after a reload.
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const API = '/api/v1';
  const QUEUE_KEY = 'smartstore.noteQueue';
  const TOKEN_KEY = 'smartstore.staffToken';
  const numbersByKey = new Map(); // member key -> number as typed (memory only)
  let current = null; // {number, view}

  const t = (ko, en) => `${ko} · ${en}`;
  const won = (n) => `₩${Math.round(n).toLocaleString('ko-KR')}`;
  const el = (tag, attrs = {}, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === 'class') e.className = v; else e.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
    return e;
  };

  // ---- token: from a PIN, or from a one-time pairing code a link may carry as
  // #pair= (stripped at once; never a token in a URL)
  const fragmentCode = new URLSearchParams(location.hash.slice(1)).get('pair');
  if (location.hash) history.replaceState(null, '', location.pathname);
  // The session token lives in sessionStorage: this tab only, gone when the
  // tab or browser closes, never written to the tablet's storage for the next
  // person who picks it up (a token in localStorage would outlive the tab, so
  // any copy there is removed). It travels only in the Authorization header, so no cookie
  // rides along on requests another page makes (no CSRF); the pages load no
  // script but their own (Content-Security-Policy: default-src 'self').
  localStorage.removeItem(TOKEN_KEY);
  const token = () => sessionStorage.getItem(TOKEN_KEY);

  async function api(method, path, body, extraHeaders = {}) {
    const headers = { Accept: 'application/json', ...extraHeaders };
    if (token()) headers.Authorization = `Bearer ${token()}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(API + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    let data = null;
    try { data = await res.json(); } catch (_) { /* empty or not JSON */ }
    if (res.status === 401 && !path.startsWith('/auth/pin') && path !== '/auth/pair') showSignIn(t('다시 로그인하세요', 'Please sign in again'));
    return { status: res.status, data };
  }

  function showSignIn(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    for (const id of ['lookup', 'card', 'note', 'signout', 'pair-screen', 'pair-shown']) $(id).classList.add('hidden');
    $('signin').classList.remove('hidden');
    $('signin-error').textContent = message || '';
  }
  function showApp() {
    $('signin').classList.add('hidden');
    $('lookup').classList.remove('hidden');
    $('signout').classList.remove('hidden');
    $('pair-screen').classList.remove('hidden');
    $('member').focus();
  }

  // A code for the entrance screen to type in (or a second tablet): good once, for two minutes.
  $('pair-screen').addEventListener('click', async () => {
    const r = await api('POST', '/auth/pairing-codes', { role: 'display' });
    const shown = $('pair-shown');
    shown.textContent = r.status === 201 ? t(`화면 코드 ${r.data.code}`, `screen code ${r.data.code}`) : t('코드 발급 실패', 'no code');
    shown.classList.remove('hidden');
    setTimeout(() => shown.classList.add('hidden'), (r.status === 201 ? r.data.expires_in_s : 5) * 1000);
  });

  async function pairTablet(code) {
    try {
      const r = await api('POST', '/auth/pair', { code });
      if (r.status === 200) { sessionStorage.setItem(TOKEN_KEY, r.data.token); showApp(); return; }
    } catch (_) { /* fall through to the PIN */ }
    showSignIn(t('링크가 만료되었습니다. PIN으로 로그인하세요', 'The link has expired: sign in with your PIN'));
  }

  $('signin-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    $('signin-error').textContent = '';
    try {
      const r = await api('POST', '/auth/pin', { staff_id: $('staff-id').value.trim(), pin: $('pin').value });
      $('pin').value = '';
      if (r.status === 200) { sessionStorage.setItem(TOKEN_KEY, r.data.token); showApp(); return; }
      $('signin-error').textContent = r.status === 429 ? t('시도가 너무 많습니다. 잠시 후 다시', 'Too many attempts, try later')
                                                       : t('ID 또는 PIN이 틀렸습니다', 'Wrong staff ID or PIN');
    } catch (_) { $('signin-error').textContent = t('연결 실패', 'No connection'); }
  });
  $('signout').addEventListener('click', () => showSignIn(''));

  // ---- lookup
  async function lookUp(number) {
    $('lookup-error').textContent = '';
    try {
      const r = await api('GET', `/customers/${encodeURIComponent(number)}`);
      if (r.status === 404) { $('lookup-error').textContent = t('유효한 회원 번호가 아닙니다', 'Not a valid card number'); return; }
      if (r.status !== 200) { $('lookup-error').textContent = (r.data && r.data.message) || `HTTP ${r.status}`; return; }
      current = { number, view: r.data };
      if (r.data.member_key) numbersByKey.set(r.data.member_key, number);
      $('member').value = '';
      renderCard(r.data);
      $('survey').classList.toggle('hidden', r.data.known);
      $('note').classList.remove('hidden');
      flushQueue();
    } catch (_) { $('lookup-error').textContent = t('연결 실패 — Wi-Fi를 확인하세요', 'No connection — check Wi-Fi'); }
  }
  $('lookup-form').addEventListener('submit', (ev) => { ev.preventDefault(); const n = $('member').value.trim(); if (n) lookUp(n); });

  // Camera scanning where the browser has BarcodeDetector (Chrome on Android tablets).
  if ('BarcodeDetector' in window && navigator.mediaDevices) {
    $('scan').classList.remove('hidden');
    $('scan').addEventListener('click', async () => {
      const video = $('camera');
      let stream;
      try { stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } }); }
      catch (_) { $('lookup-error').textContent = t('카메라를 열 수 없습니다', 'Camera unavailable'); return; }
      video.srcObject = stream; video.classList.remove('hidden'); await video.play();
      const detector = new window.BarcodeDetector({ formats: ['code_128', 'qr_code', 'ean_13', 'code_39'] });
      const stop = () => { stream.getTracks().forEach((tr) => tr.stop()); video.classList.add('hidden'); };
      const started = Date.now();
      const tick = async () => {
        if (Date.now() - started > 20000) return stop();
        try {
          const codes = await detector.detect(video);
          if (codes.length) { stop(); return lookUp(codes[0].rawValue); }
        } catch (_) { /* frame not ready */ }
        requestAnimationFrame(tick);
      };
      tick();
    });
  }

  // ---- profile card
  const TIER = { star: t('스타', 'Star'), butterfly: t('나비', 'Butterfly'), chicken_rib: t('계륵', 'Chicken rib'), excluded: t('제외', 'Excluded') };
  const BEHAVIOUR = { meticulous: t('꼼꼼형', 'Meticulous'), mania: t('매니아형', 'Mania'), easygoing: t('무난형', 'Easygoing') };

  function renderCard(v) {
    const card = $('card');
    card.replaceChildren();
    card.classList.remove('hidden');
    const head = el('div', { class: 'card-head' },
      el('h2', {}, t('고객 프로필', 'Customer profile'), ' ', el('small', { 'data-testid': 'masked' }, v.masked_number)),
      v.tier ? el('span', { class: `tier ${v.tier}`, 'data-testid': 'tier' }, TIER[v.tier] || v.tier) : el('span', { class: 'tier excluded' }, t('신규/미등록', 'New / not cached')));
    card.append(head);
    const facts = el('dl', { class: 'facts' });
    const fact = (ko, en, value, testid) => { if (value === '' || value === null || value === undefined) return;
      facts.append(el('dt', {}, t(ko, en)), el('dd', testid ? { 'data-testid': testid } : {}, value)); };
    fact('등급', 'Grade', v.grade, 'grade');
    fact('세그먼트', 'Segment', v.segment, 'segment');
    fact('성향', 'Behaviour', BEHAVIOUR[v.behaviour_type] || v.behaviour_type, 'behaviour');
    if (v.cluster !== undefined && v.cluster >= 0) {
      fact('군집', 'Cluster', v.cluster_predicted ? `${v.cluster} (${t('예측', 'predicted')}${v.cluster_category ? ': ' + v.cluster_category : ''})` : String(v.cluster), 'cluster');
    }
    fact('설문 선호 카테고리', 'Survey favourite', v.survey_favourite, 'survey-favourite');
    fact('선호 채널', 'Preferred channel', v.preferred_channel, 'preferred-channel');
    if (v.coupons_issued > 0) {
      fact('쿠폰 사용률', 'Coupon redemption', `${v.coupons_redeemed}/${v.coupons_issued} (${Math.round(v.coupon_redemption_rate * 100)}%)`, 'coupon-rate');
      fact('최근 쿠폰', 'Last coupon', `${v.last_coupon} · ${v.last_coupon_date} (${v.days_since_coupon}${t('일 전', ' days ago')})`, 'last-coupon');
    }
    if (v.known) {
      fact('3개월 CLV', '3-month CLV', won(v.clv_3m_krw), 'clv');
      fact('다음 구매 예상', 'Next purchase', v.next_purchase_date, 'next-purchase');
      fact('예상 구매액', 'Expected spend', won(v.expected_spend_krw), 'expected-spend');
      fact('누적 구매액', 'Total spend', won(v.total_spend_krw));
    }
    card.append(facts);
    if (v.strategy) card.append(el('p', { class: 'strategy', 'data-testid': 'strategy' }, v.strategy));
    if (v.preferences && v.preferences.length) {
      const list = el('ol', { class: 'prefs plain', 'data-testid': 'preferences' });
      for (const p of v.preferences.slice(0, 8)) {
        const fill = el('div', { class: 'bar-fill' }); fill.style.width = `${Math.max(2, p.index)}%`;
        list.append(el('li', {}, el('span', {}, p.category), el('div', {}, fill), el('span', {}, Math.round(p.index))));
      }
      card.append(el('h3', {}, t('선호 카테고리', 'Preference ranking')), list);
    }
    const chips = (ko, en, items, testid) => { if (!items || !items.length) return;
      card.append(el('h3', {}, t(ko, en)), el('div', { class: 'chips', 'data-testid': testid }, ...items.map((x) => el('span', {}, x)))); };
    chips('추천 카테고리', 'Recommended categories', v.recommended_categories, 'recommended');
    // Companions with the lift of the rule behind each (products only from an older snapshot).
    const companions = (v.companions && v.companions.length) ? v.companions.map((c) => (c.lift > 0 ? `${c.product} ← ${c.because} (lift ${c.lift.toFixed(2)})` : c.product)) : v.companion_products;
    chips('함께 사는 상품', 'Companion products', companions, 'companions');
    if (v.recent_coupons && v.recent_coupons.length) {
      card.append(el('h3', {}, t('최근 쿠폰', 'Recent coupons')), el('ul', { class: 'plain', 'data-testid': 'coupons' },
        ...v.recent_coupons.map((c) => el('li', {}, `${c.title} — ${c.status} `, el('small', {}, `${c.reason_code}: ${c.reason}`)))));
    }
    const notes = el('ul', { class: 'plain', 'data-testid': 'notes' });
    for (const n of v.recent_notes || []) {
      const what = [...n.items.map((i) => `${i.product_code || i.category} ×${i.quantity} ${won(i.price_krw)}${i.sold ? ' ✓' : ''}`)];
      notes.append(el('li', { 'data-event-id': n.event_id }, `${n.created_at.slice(0, 16).replace('T', ' ')} ${n.staff_id}: `,
        what.join(', '), n.remarks ? ` “${n.remarks}”` : ''));
    }
    card.append(el('h3', {}, t('최근 응대 기록', 'Recent notes')), notes);
    card.append(consentButton(v), forgetButton());
  }

  // ---- the customer withdraws marketing consent: confirmed first; no
  // personalized coupon here from now on, at every store once HQ has it
  function consentButton(v) {
    if (v.consent_marketing === false) {
      return el('p', { class: 'muted', 'data-testid': 'consent-withdrawn' }, t('마케팅 수신 거부 회원', 'Marketing consent withdrawn'));
    }
    const b = el('button', { type: 'button', class: 'ghost', 'data-testid': 'withdraw-consent' }, t('마케팅 수신 거부', 'Withdraw marketing consent'));
    b.addEventListener('click', async () => {
      if (!current) return;
      if (!window.confirm(t('고객이 마케팅 수신 거부를 요청했나요?', 'Did the customer withdraw consent to marketing?'))) return;
      const r = await api('POST', `/customers/${encodeURIComponent(current.number)}/consent-withdrawal`, { confirm: true });
      if (r.status !== 200) { $('lookup-error').textContent = (r.data && r.data.message) || `HTTP ${r.status}`; return; }
      b.replaceWith(el('p', { class: 'ok', 'data-testid': 'consent-withdrawn' }, t('마케팅 수신 거부를 기록했습니다', 'Consent withdrawal recorded'), ` ${r.data.member}`));
    });
    return b;
  }

  // ---- the customer asks to be forgotten: confirmed first, since nothing
  // brings the member back (erased here now, at every store by HQ tonight)
  function forgetButton() {
    const b = el('button', { type: 'button', class: 'ghost', 'data-testid': 'forget' }, t('회원 정보 삭제', 'Forget this member'));
    b.addEventListener('click', async () => {
      if (!current) return;
      if (!window.confirm(t('고객이 삭제를 요청했나요? 되돌릴 수 없습니다.', 'Did the customer ask to be forgotten? This cannot be undone.'))) return;
      const { number, view } = current;
      const r = await api('POST', `/customers/${encodeURIComponent(number)}/erasure`, { confirm: true });
      if (r.status !== 200) { $('lookup-error').textContent = (r.data && r.data.message) || `HTTP ${r.status}`; return; }
      saveQueue(loadQueue().filter((e) => e.member_key !== view.member_key));
      numbersByKey.delete(view.member_key);
      current = null;
      $('note').classList.add('hidden');
      $('card').replaceChildren(el('p', { class: 'ok', 'data-testid': 'forgotten' }, t('삭제했습니다', 'Member forgotten'), ` ${r.data.member}`));
    });
    return b;
  }

  // ---- note form
  function addRow(list) {
    const row = $('item-row').content.firstElementChild.cloneNode(true);
    row.querySelector('.remove').addEventListener('click', () => row.remove());
    if (list === 'items') row.querySelector('[data-k="sold"]').checked = true;
    else row.querySelector('.check').classList.add('hidden');
    $(list).append(row);
  }
  document.querySelectorAll('[data-add]').forEach((b) => b.addEventListener('click', () => addRow(b.dataset.add)));
  addRow('items');

  function readRows(list) {
    return [...$(list).querySelectorAll('.item-row')].map((row) => {
      const get = (k) => row.querySelector(`[data-k="${k}"]`);
      const item = {};
      if (get('product_code').value.trim()) item.product_code = get('product_code').value.trim();
      if (get('category').value.trim()) item.category = get('category').value.trim();
      if (get('quantity').value !== '') item.quantity = Number(get('quantity').value);
      if (get('price_krw').value !== '') item.price_krw = Number(get('price_krw').value);
      if (list === 'items') item.sold = get('sold').checked;
      return item;
    }).filter((i) => i.product_code || i.category || i.price_krw !== undefined);
  }

  function buildNote() {
    const f = $('note-form');
    const note = { items: readRows('items'), considered: readRows('considered') };
    if (f.deliberation_min.value !== '') note.deliberation_min = Number(f.deliberation_min.value);
    if (f.remarks.value.trim()) note.remarks = f.remarks.value.trim();
    if (!$('survey').classList.contains('hidden')) {
      const s = { favourite_category: f.favourite_category.value.trim(), reason: f.reason.value.trim(), preferred_channel: f.preferred_channel.value };
      if (s.favourite_category || s.reason || s.preferred_channel) note.survey = s;
    }
    return note;
  }

  // The same rules the server applies, so staff see problems before sending.
  function validate(note) {
    const errors = [];
    for (const list of ['items', 'considered']) {
      note[list].forEach((i, n) => {
        const p = `${list}[${n}]`;
        if (!i.product_code && !i.category) errors.push({ field: `${p}.product_code`, message: t('상품코드나 카테고리', 'product code or category') });
        if (i.quantity !== undefined && (!Number.isInteger(i.quantity) || i.quantity < 1 || i.quantity > 1000)) errors.push({ field: `${p}.quantity`, message: t('수량 1~1000', 'quantity 1-1000') });
        if (list === 'items' && i.price_krw === undefined) errors.push({ field: `${p}.price_krw`, message: t('가격 필요', 'price required') });
        if (i.price_krw !== undefined && (!Number.isInteger(i.price_krw) || i.price_krw < 0 || i.price_krw > 100000000)) errors.push({ field: `${p}.price_krw`, message: t('가격 0~1억원', 'price 0-100,000,000 KRW') });
      });
    }
    if (note.deliberation_min !== undefined && !(note.deliberation_min >= 0 && note.deliberation_min <= 600)) errors.push({ field: 'deliberation_min', message: t('0~600분', '0-600 minutes') });
    if (note.remarks && /(\d[\s.-]?){9,}|\S+@\S+\.\S+/.test(note.remarks)) errors.push({ field: 'remarks', message: t('개인정보로 보입니다', 'looks like personal data') });
    return errors;
  }

  function showErrors(errors) {
    document.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
    document.querySelectorAll('.field-error').forEach((e) => { e.textContent = ''; });
    for (const { field, message } of errors) {
      const m = /^(items|considered)\[(\d+)\]\.?(\w*)$/.exec(field);
      if (m) {
        const row = $(m[1]).querySelectorAll('.item-row')[Number(m[2])];
        if (!row) continue;
        const input = row.querySelector(`[data-k="${m[3]}"]`);
        if (input) input.setAttribute('aria-invalid', 'true');
        row.querySelector('.field-error').textContent += `${message} `;
        continue;
      }
      const input = document.querySelector(`[data-field="${field}"]`);
      if (input) input.setAttribute('aria-invalid', 'true');
      const slot = document.querySelector(`[data-error-for="${field}"]`);
      if (slot) slot.textContent = message; else $('note-error').textContent += `${field}: ${message} `;
    }
  }

  // ---- offline queue
  const loadQueue = () => { try { return JSON.parse(localStorage.getItem(QUEUE_KEY)) || []; } catch (_) { return []; } };
  const saveQueue = (q) => { localStorage.setItem(QUEUE_KEY, JSON.stringify(q)); renderQueue(q); };
  function renderQueue(q = loadQueue()) {
    $('queue').classList.toggle('hidden', q.length === 0);
    $('queue').classList.add('queued');
    $('queue').textContent = t(`전송 대기 ${q.length}건`, `${q.length} waiting`);
  }
  const newKey = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`);

  let flushing = false;
  async function flushQueue() {
    if (flushing) return;
    flushing = true;
    try {
      for (const entry of loadQueue()) {
        const number = numbersByKey.get(entry.member_key);
        if (!number) continue; // reopen the customer to send
        let r;
        try {
          r = await api('POST', `/customers/${encodeURIComponent(number)}/notes`, entry.note, { 'Idempotency-Key': entry.key });
        } catch (_) { setOnline(false); break; }
        setOnline(true);
        if (r.status >= 500 || r.status === 401 || r.status === 429) break; // keep, try later
        saveQueue(loadQueue().filter((e) => e.key !== entry.key));
        if (r.status === 200 || r.status === 201) {
          $('note-ok').textContent = t('저장됨', 'Saved') + ` (${r.data.event_id})`;
          if (current && current.view.member_key === entry.member_key) lookUp(current.number);
        } else if (r.status === 400) {
          showErrors(r.data.fields || []);
          $('note-error').textContent = t('저장되지 않았습니다', 'Not saved');
        }
      }
    } finally { flushing = false; }
  }

  $('note-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    $('note-error').textContent = ''; $('note-ok').textContent = '';
    if (!current) return;
    const note = buildNote();
    const errors = validate(note);
    showErrors(errors);
    if (errors.length) { $('note-error').textContent = t('입력을 확인하세요', 'Check the highlighted fields'); return; }
    const q = loadQueue();
    q.push({ key: newKey(), member_key: current.view.member_key, note, queued_at: new Date().toISOString() });
    saveQueue(q);
    $('note-form').reset();
    $('items').replaceChildren(); $('considered').replaceChildren(); addRow('items');
    flushQueue();
  });

  function setOnline(on) {
    $('net').textContent = on ? t('온라인', 'online') : t('오프라인', 'offline');
    $('net').classList.toggle('offline', !on);
  }
  window.addEventListener('online', () => { setOnline(true); flushQueue(); });
  window.addEventListener('offline', () => setOnline(false));
  setInterval(flushQueue, 5000);
  renderQueue();

  if (fragmentCode) pairTablet(fragmentCode); else if (token()) showApp(); else showSignIn('');
})();
