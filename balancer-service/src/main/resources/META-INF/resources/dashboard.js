// balancer dashboard: polls api/status (and the head entries of one language) every REFRESH_MS and
// renders them. Every figure cell carries data-field and data-value (the raw number) next to the
// formatted text, so that tests and scripts can read what is shown.
(function () {
  'use strict';

  const REFRESH_MS = 2000;
  const MAX_TOP = 10000;
  const ints = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

  const params = new URLSearchParams(window.location.search);
  const state = {
    lang: params.get('lang') || null,
    top: clampTop(parseInt(params.get('top'), 10) || 10),
    previous: null,        // the last status, for rates
    languages: [],         // languages in the selector
  };

  const $ = (id) => document.getElementById(id);

  function clampTop(n) {
    return Math.min(MAX_TOP, Math.max(1, n));
  }

  // ---- formatting ----
  function raw(v) {
    return v === null || v === undefined || (typeof v === 'number' && !isFinite(v)) ? '' : String(v);
  }
  function fmtInt(v) {
    return raw(v) === '' ? '–' : ints.format(v);
  }
  function fmtRate(v) {
    return raw(v) === '' ? '–' : v.toFixed(1);
  }
  function fmtPercent(v) {
    return raw(v) === '' ? '–' : (100 * v).toFixed(1) + ' %';
  }
  function fmtProbability(v) {
    return raw(v) === '' ? '–' : String(Number(v.toPrecision(4)));
  }
  function fmtTailRatio(v) {
    return raw(v) === '' ? '–' : String(Number(v.toPrecision(6)));
  }

  // ---- DOM helpers ----
  function el(tag, attrs, children) {
    const e = document.createElement(tag);
    if (attrs) {
      for (const [k, v] of Object.entries(attrs)) {
        if (v === undefined || v === null) continue;
        if (k === 'class') e.className = v;
        else if (k === 'text') e.textContent = v;
        else if (k.startsWith('data-')) e.dataset[toCamel(k.slice(5))] = v;
        else e.setAttribute(k, v);
      }
    }
    for (const c of children || []) e.append(c);
    return e;
  }
  function toCamel(s) {
    return s.replace(/-([a-z])/g, (m, c) => c.toUpperCase());
  }
  /** A figure cell: formatted text, raw value in data-value. */
  function figure(field, value, format, extraClass) {
    return el('td', { class: 'num' + (extraClass ? ' ' + extraClass : ''), 'data-field': field, 'data-value': raw(value), text: format(value) });
  }
  /** A rate cell: greyed when nothing moves. */
  function rateCell(field, value) {
    return figure(field, value, fmtRate, value === 0 ? 'zero' : null);
  }
  function setFigure(node, value, format) {
    node.dataset.value = raw(value);
    node.textContent = format(value);
  }
  function note(node, text, isError) {
    node.hidden = !text;
    node.textContent = text || '';
    node.classList.toggle('error', !!isError);
  }
  function emptyRow(columns, text) {
    return el('tr', null, [el('td', { class: 'empty', colspan: String(columns), text })]);
  }

  // ---- fetching ----
  async function getJson(url) {
    const r = await fetch(url, { cache: 'no-store', headers: { Accept: 'application/json' } });
    let body = null;
    try {
      body = await r.json();
    } catch (e) {
      // not JSON
    }
    if (!r.ok) {
      const err = new Error((body && body.error) || (url + ': HTTP ' + r.status));
      err.status = r.status;
      throw err;
    }
    return body;
  }

  // ---- rendering ----
  function rate(now, before, get) {
    if (!before) return null;
    const dt = (now.generated_at_ms - before.generated_at_ms) / 1000;
    const a = get(now);
    const b = get(before);
    if (!(dt > 0) || a === null || a === undefined || b === null || b === undefined) return null;
    return Math.max(0, (a - b) / dt);
  }

  function renderHeader(s) {
    $('mode').textContent = s.mode + ' (stage ' + s.stage + ')';
    const st = $('streams-state');
    st.textContent = s.streams_state;
    st.className = s.streams_state === 'RUNNING' ? 'state-STABLE' : 'lag-some';
    setFigure($('tail-ratio'), s.tail_ratio, fmtTailRatio);
    const updated = $('updated');
    updated.textContent = new Date(s.generated_at_ms).toLocaleTimeString('en-GB');
    updated.dataset.value = s.generated_at;
    const stores = s.stores || {};
    note($('stores-note'), stores.available ? '' :
      'The balancer\'s stores are not on this instance' + (stores.active_host ? ' (they are on ' + stores.active_host + ')' : '') +
      ': ' + (stores.error || 'unavailable') + '. Decided and admitted are this instance\'s counters.');
  }

  function ratioCell(field, value) {
    const td = figure(field, value, fmtPercent);
    if (raw(value) !== '') {
      td.textContent = '';
      const bar = el('span', { class: 'bar' }, [el('span')]);
      bar.firstChild.style.width = Math.min(100, 100 * value).toFixed(1) + '%';
      td.append(el('span', { class: 'ratio' }, [bar, el('span', { text: fmtPercent(value) })]));
    }
    return td;
  }

  function renderLanguages(s) {
    const before = state.previous;
    const body = $('languages').tBodies[0];
    const rows = [];
    // most matched texts first (then most decided), ties by code
    const size = (l) => [l.matched_texts || 0, l.decided || 0];
    const langs = Object.keys(s.languages || {}).sort((a, b) => {
      const x = size(s.languages[a]);
      const y = size(s.languages[b]);
      return y[0] - x[0] || y[1] - x[1] || (a < b ? -1 : a > b ? 1 : 0);
    });
    for (const lang of langs) {
      const l = s.languages[lang];
      const prev = (x) => x.languages && x.languages[lang];
      const entries = el('td', { class: 'num' }, [
        el('span', { 'data-field': 'matched_entries', 'data-value': raw(l.matched_entries), text: fmtInt(l.matched_entries) }),
        ' / ',
        el('span', { 'data-field': 'metadata_entries', 'data-value': raw(l.metadata_entries), text: fmtInt(l.metadata_entries) }),
      ]);
      rows.push(el('tr', { 'data-lang': lang }, [
        el('td', { 'data-field': 'lang', text: lang }),
        figure('threshold', l.threshold, fmtInt),
        figure('matched_texts', l.matched_texts, fmtInt),
        entries,
        figure('decided', l.decided, fmtInt),
        rateCell('decided_rate', rate(s, before, (x) => prev(x) ? prev(x).decided : (x === before ? 0 : null))),
        figure('admitted', l.admitted, fmtInt),
        rateCell('admitted_rate', rate(s, before, (x) => prev(x) ? prev(x).admitted : (x === before ? 0 : null))),
        ratioCell('admitted_ratio', l.admitted_ratio),
      ]));
    }
    body.replaceChildren(...(rows.length ? rows : [emptyRow(9, 'no language counted yet')]));

    const t = s.totals || {};
    $('languages').tFoot.replaceChildren(el('tr', { id: 'languages-total' }, [
      el('td', { text: 'all (' + langs.length + ')' }),
      el('td'),
      figure('matched_texts', t.matched_texts, fmtInt),
      el('td'),
      figure('decided', t.decided, fmtInt),
      rateCell('decided_rate', rate(s, before, (x) => x.totals && x.totals.decided)),
      figure('admitted', t.admitted, fmtInt),
      rateCell('admitted_rate', rate(s, before, (x) => x.totals && x.totals.admitted)),
      ratioCell('admitted_ratio', t.admitted_ratio),
    ]));
  }

  function renderDeadLetters(s) {
    const d = s.dead_letters;
    const body = $('dead-letters').tBodies[0];
    const total = $('dead-letters-total');
    if (!d) {
      setFigure(total, null, fmtInt);
      note($('dead-letters-note'), 'Dead-letter counting is off (curation.dashboard.dead-letters.enabled).');
      body.replaceChildren();
      return;
    }
    setFigure(total, d.total, fmtInt);
    total.classList.toggle('alert', d.total > 0);
    let text = '';
    if (!d.topic_found) text = 'Topic ' + d.topic + ' not found yet; looking again.';
    else if (d.error) text = 'Reading ' + d.topic + ': ' + d.error;
    else if (!d.caught_up) text = 'Still reading ' + d.topic + '…';
    note($('dead-letters-note'), text, !!d.error);
    const rows = [];
    for (const stage of Object.keys(d.by_stage || {}).sort()) {
      const reasons = d.by_stage[stage];
      for (const reason of Object.keys(reasons).sort()) {
        rows.push(el('tr', { 'data-stage': stage, 'data-reason': reason }, [
          el('td', { text: stage }),
          el('td', { text: reason }),
          figure('count', reasons[reason], fmtInt),
        ]));
      }
    }
    body.replaceChildren(...(rows.length ? rows : [emptyRow(3, 'none')]));
  }

  function renderLag(s) {
    const lag = s.lag;
    const body = $('lag').tBodies[0];
    note($('lag-note'), lag && lag.error ? 'Cannot read consumer lag: ' + lag.error : '', true);
    const rows = [];
    for (const g of (lag && lag.groups) || []) {
      const topics = g.topics && g.topics.length ? g.topics : [null];
      topics.forEach((t, i) => {
        const first = i === 0;
        const stateText = first ? g.state + (g.members ? ' · ' + g.members + (g.members === 1 ? ' member' : ' members') : '') : '';
        const lagCell = t && !t.missing
          ? figure('lag', t.lag, fmtInt, t.lag > 0 ? 'lag-some' : 'lag-zero')
          : el('td', { class: 'num muted', 'data-field': 'lag', 'data-value': '', text: t ? 'topic missing' : '–' });
        rows.push(el('tr', { 'data-group': g.group, 'data-topic': t ? t.topic : '' }, [
          el('td', { text: first ? g.group : '', title: g.error || null }),
          el('td', { class: 'state-' + g.state, 'data-field': 'state', 'data-value': g.state, text: stateText }),
          el('td', { text: t ? t.topic : 'no topic committed yet' }),
          t && !t.missing ? figure('partitions', t.partitions, fmtInt) : el('td', { class: 'num', 'data-field': 'partitions', 'data-value': '' }),
          lagCell,
        ]));
      });
    }
    body.replaceChildren(...(rows.length ? rows : [emptyRow(5, lag ? 'no consumer group configured' : 'not available')]));
  }

  function renderSelector(s) {
    const langs = Object.keys(s.languages || {}).sort();
    if (!state.lang || !langs.includes(state.lang)) {
      // the language with the most matched texts
      let best = null;
      for (const l of langs) {
        const n = s.languages[l].matched_texts || s.languages[l].decided || 0;
        if (best === null || n > (s.languages[best].matched_texts || s.languages[best].decided || 0)) best = l;
      }
      state.lang = best;
    }
    const select = $('head-lang');
    if (langs.join(',') !== state.languages.join(',')) {
      select.replaceChildren(...langs.map((l) => el('option', { value: l, text: l })));
      state.languages = langs;
    }
    if (state.lang) select.value = state.lang;
    select.dataset.value = state.lang || '';
    const l = state.lang && s.languages[state.lang];
    $('head-threshold').textContent = l && raw(l.threshold) !== '' ? 't_' + state.lang + ' = ' + fmtInt(l.threshold) : '';
  }

  async function refreshHead(s) {
    const body = $('head-entries').tBodies[0];
    if (s.mode === 'replay') {
      note($('head-note'), 'Replay mode keeps no counts to query: the online balancer serves the head entries.');
      body.replaceChildren();
      return;
    }
    if (!state.lang) {
      note($('head-note'), '');
      body.replaceChildren(emptyRow(5, 'no language counted yet'));
      return;
    }
    const lang = state.lang;
    const top = state.top;
    try {
      const doc = await getJson('api/languages/' + encodeURIComponent(lang) + '/entries?top=' + top);
      if (lang !== state.lang || top !== state.top) return; // changed meanwhile
      note($('head-note'), '');
      const rows = doc.entries.map((e, i) => el('tr', { 'data-rank': String(i + 1), 'data-id': String(e.id) }, [
        el('td', { class: 'num muted', text: String(i + 1) }),
        figure('id', e.id, String),
        el('td', { class: 'entry', 'data-field': 'entry', 'data-value': e.entry === null ? '' : e.entry, text: e.entry === null ? '?' : e.entry }),
        figure('count', e.count, fmtInt),
        figure('probability', e.probability, fmtProbability),
      ]));
      body.replaceChildren(...(rows.length ? rows : [emptyRow(5, 'no entry counted')]));
      $('head-entries').dataset.lang = lang;
      $('head-entries').dataset.top = String(top);
    } catch (e) {
      note($('head-note'), 'Head entries of ' + lang + ': ' + e.message, true);
    }
  }

  function rememberInUrl() {
    const p = new URLSearchParams(window.location.search);
    if (state.lang) p.set('lang', state.lang);
    p.set('top', String(state.top));
    history.replaceState(null, '', '?' + p.toString());
  }

  let timer = null;
  async function refresh() {
    clearTimeout(timer);
    try {
      const s = await getJson('api/status');
      renderHeader(s);
      renderLanguages(s);
      renderSelector(s);
      renderDeadLetters(s);
      renderLag(s);
      state.previous = s;
      document.body.dataset.refreshes = String((parseInt(document.body.dataset.refreshes, 10) || 0) + 1);
      note($('status-line'), '');
      await refreshHead(s);
    } catch (e) {
      note($('status-line'), 'Cannot refresh: ' + e.message + ' (showing the last figures)', true);
    } finally {
      timer = setTimeout(refresh, REFRESH_MS);
    }
  }

  $('head-lang').addEventListener('change', (ev) => {
    state.lang = ev.target.value;
    rememberInUrl();
    if (state.previous) refreshHead(state.previous);
  });
  let topDelay = null;
  $('head-top').value = String(state.top);
  $('head-top').setAttribute('value', String(state.top));
  $('head-top').addEventListener('input', (ev) => {
    const n = parseInt(ev.target.value, 10);
    if (!(n >= 1)) return;
    clearTimeout(topDelay);
    topDelay = setTimeout(() => {
      state.top = clampTop(n);
      ev.target.value = String(state.top);
      ev.target.setAttribute('value', String(state.top));
      rememberInUrl();
      if (state.previous) refreshHead(state.previous);
    }, 300);
  });
  $('head-form').addEventListener('submit', (ev) => ev.preventDefault());

  refresh();
})();
