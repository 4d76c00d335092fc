/*
 * stakechain explorer: plain JavaScript, no build step, nothing fetched from outside this node.
 * Data: the node's HTTP API under api/v1 (docs/api.md). Updates: the server-sent event stream api/v1/events
 * (block, tx, slashing, round); while the stream is down the page polls status, blocks, validators and lottery.
 */
(function () {
  'use strict';

  var API = 'api/v1/';
  var UNITS_PER_COIN = 1000000;
  var MAX_BLOCKS = 40;
  var MAX_FEED = 60;
  var POLL_MS = 2000;
  var PALETTE = ['#3457d5', '#e0703a', '#1f9d61', '#a23fc4', '#d4a017', '#16a3b5', '#d13f7a', '#6f7d1c',
    '#8a5a2b', '#4f6b8f'];

  var state = {
    names: {},            // address -> genesis name
    validators: {},       // address -> validator JSON of api/v1/validators
    order: [],            // addresses in the order of the picture (colors)
    totalStakeUnits: 0,
    maxHeight: 0,
    blocks: {},           // height -> view
    txs: {},              // hash -> entry
    slashings: {},        // key -> entry
    es: null,
    pollTimer: null,
    pollTick: 0,
    mode: 'connecting'
  };

  // ------------------------------------------------------------------ helpers

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === 'text') { e.textContent = attrs[k]; }
        else if (k === 'cls') { e.className = attrs[k]; }
        else if (k === 'style') { e.setAttribute('style', attrs[k]); }
        else { e.setAttribute(k, attrs[k]); }
      });
    }
    (children || []).forEach(function (c) {
      if (c === null || c === undefined) { return; }
      e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return e;
  }

  var SVGNS = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVGNS, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function api(path) {
    return fetch(API + path, { headers: { 'Accept': 'application/json' }, cache: 'no-store' }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (body) {
        if (!r.ok) {
          var err = new Error(body.detail || ('HTTP ' + r.status));
          err.status = r.status;
          err.body = body;
          throw err;
        }
        return body;
      });
    });
  }

  function short(hex, n) {
    if (!hex) { return '?'; }
    n = n || 8;
    return hex.length > 2 * n + 1 ? hex.slice(0, n) + '…' + hex.slice(-4) : hex;
  }

  function label(address) {
    return state.names[address] || short(address, 8);
  }

  /** Base units as coins, like the node's Coins.format: no trailing zeros. */
  function coins(units) {
    if (units === null || units === undefined || isNaN(units)) { return '?'; }
    var whole = Math.floor(units / UNITS_PER_COIN);
    var frac = units % UNITS_PER_COIN;
    var text = whole.toLocaleString('en-US');
    if (frac) { text += '.' + String(frac).padStart(6, '0').replace(/0+$/, ''); }
    return text;
  }

  function pct(bps) { return (bps / 100).toFixed(bps % 100 === 0 ? 0 : 1) + '%'; }

  function colorOf(address) {
    var i = state.order.indexOf(address);
    if (i < 0) {
      var h = 0;
      for (var k = 0; k < address.length; k++) { h = (h * 31 + address.charCodeAt(k)) >>> 0; }
      i = h;
    }
    return PALETTE[i % PALETTE.length];
  }

  function time(ms) {
    if (!ms) { return ''; }
    var d = new Date(ms);
    return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }

  function addressLink(address) {
    var a = el('a', { cls: 'who', title: address, text: label(address) });
    a.addEventListener('click', function () { $('account-input').value = address; lookupAccount(address); });
    return a;
  }

  function txLink(hash) {
    var a = el('a', { cls: 'mono', title: hash, text: short(hash, 10) });
    a.addEventListener('click', function () { $('tx-input').value = hash; lookupTx(hash); });
    return a;
  }

  // ------------------------------------------------------------------ header

  function setConn(mode) {
    state.mode = mode;
    var c = $('conn');
    c.className = 'conn conn-' + mode;
    c.textContent = { live: 'live · event stream', polling: 'polling · stream down', connecting: 'connecting…',
      offline: 'node unreachable' }[mode];
    document.body.setAttribute('data-conn', mode);
  }

  function loadStatus() {
    return api('status').then(function (s) {
      $('chain-id').textContent = s.chainId;
      $('peers').textContent = s.peers;
      $('pending').textContent = s.pendingTransactions;
      setHeight(s.finalHeight);
      if ($('round').textContent === '…') { $('round').textContent = 'round ' + s.round; }
      return s;
    });
  }

  function setHeight(h) {
    if (h > state.maxHeight) { state.maxHeight = h; }
    $('final-height').textContent = state.maxHeight.toLocaleString('en-US');
  }

  // ------------------------------------------------------------------ validators and lottery

  function loadValidators() {
    return api('validators').then(function (v) {
      state.totalStakeUnits = v.totalStakeUnits;
      state.validators = {};
      var list = (v.validators || []).slice().sort(function (a, b) {
        return b.stakeUnits - a.stakeUnits || (a.address < b.address ? -1 : 1);
      });
      list.forEach(function (x) {
        state.validators[x.address] = x;
        if (state.order.indexOf(x.address) < 0) { state.order.push(x.address); }
      });
      drawLottery(list, v.totalStake, v.totalStakeUnits);
      return v;
    });
  }

  function arc(r0, r1, a0, a1) {
    var large = a1 - a0 > Math.PI ? 1 : 0;
    function p(r, a) { return (r * Math.sin(a)).toFixed(3) + ' ' + (-r * Math.cos(a)).toFixed(3); }
    return 'M ' + p(r1, a0) + ' A ' + r1 + ' ' + r1 + ' 0 ' + large + ' 1 ' + p(r1, a1) +
      ' L ' + p(r0, a1) + ' A ' + r0 + ' ' + r0 + ' 0 ' + large + ' 0 ' + p(r0, a0) + ' Z';
  }

  function drawLottery(list, totalStake, totalStakeUnits) {
    var pie = $('lottery-pie');
    while (pie.firstChild) { pie.removeChild(pie.firstChild); }
    var defs = svg('defs');
    var pat = svg('pattern', { id: 'jailed-hatch', width: 8, height: 8, patternUnits: 'userSpaceOnUse',
      patternTransform: 'rotate(45)' });
    pat.appendChild(svg('rect', { width: 8, height: 8, fill: '#c9ced8' }));
    pat.appendChild(svg('line', { x1: 0, y1: 0, x2: 0, y2: 8, stroke: '#c8363d', 'stroke-width': 3 }));
    defs.appendChild(pat);
    pie.appendChild(defs);

    var sum = list.reduce(function (s, v) { return s + Math.max(0, v.shareBps || 0); }, 0);
    var a = 0;
    list.forEach(function (v) {
      var share = sum > 0 ? Math.max(0, v.shareBps || 0) / sum : 0;
      var a1 = a + share * 2 * Math.PI;
      var fill = v.jailed ? 'url(#jailed-hatch)' : colorOf(v.address);
      var shape;
      if (share >= 0.9999) {
        shape = svg('path', { d: arc(55, 100, 0, Math.PI) + ' ' + arc(55, 100, Math.PI, 2 * Math.PI - 1e-6) });
      } else if (share > 0) {
        shape = svg('path', { d: arc(55, 100, a, a1) });
      }
      if (shape) {
        shape.setAttribute('fill', fill);
        shape.setAttribute('data-address', v.address);
        shape.setAttribute('data-name', label(v.address));
        shape.setAttribute('class', 'slice' + (v.jailed ? ' jailed' : ''));
        shape.appendChild(svg('title', {}, label(v.address) + ': ' + v.stake + ' staked, ' + pct(v.shareBps) +
          ' of the tickets' + (v.jailed ? ' (jailed)' : '')));
        pie.appendChild(shape);
        if (share > 0.06) {
          var mid = (a + a1) / 2;
          pie.appendChild(svg('text', { x: (77.5 * Math.sin(mid)).toFixed(1), y: (-77.5 * Math.cos(mid) + 4).toFixed(1),
            'text-anchor': 'middle', 'class': 'slice-label' + (v.jailed ? ' jailed' : '') },
            label(v.address).slice(0, 7)));
        }
      }
      a = a1;
    });
    pie.appendChild(svg('text', { x: 0, y: 4, 'text-anchor': 'middle', 'class': 'center-big' },
      totalStake !== undefined ? String(totalStake) : coins(totalStakeUnits)));
    pie.appendChild(svg('text', { x: 0, y: 22, 'text-anchor': 'middle', 'class': 'center-small' }, 'tickets'));

    var legend = $('lottery-legend');
    legend.textContent = '';
    list.forEach(function (v) {
      var li = el('li', { cls: v.jailed ? 'jailed' : '', 'data-address': v.address, 'data-name': label(v.address) }, [
        el('span', { cls: 'chip', style: 'background:' + (v.jailed ? '#c9ced8' : colorOf(v.address)) }),
        el('span', { cls: 'name' }, [addressLink(v.address)]),
        v.jailed ? el('span', { cls: 'badge jailed', text: 'jailed' }) : null,
        !v.jailed && v.active === false ? el('span', { cls: 'badge inactive', text: 'next epoch' }) : null,
        el('span', { cls: 'stake', text: v.stake + ' staked' }),
        el('span', { cls: 'share', text: pct(v.shareBps) })
      ]);
      if (v.slashed && v.slashed !== '0') {
        li.title = 'slashed ' + v.slashed;
      }
      legend.appendChild(li);
    });
  }

  function loadLottery() {
    return api('lottery').then(function (l) {
      var ol = $('next-forgers');
      ol.textContent = '';
      (l.nextForgers || []).slice(0, 5).forEach(function (f) {
        ol.appendChild(el('li', {}, [
          'height ' + f.height + (f.round ? ' round ' + f.round : '') + ': ',
          el('span', { cls: 'chip', style: 'background:' + colorOf(f.address) }),
          addressLink(f.address),
          el('span', { cls: 'ticket', text: ' · ticket ' + ticketText(f.coinTicket, f.ticket, l.totalTickets) })
        ]));
      });
      return l;
    });
  }

  function ticketText(coinTicket, ticket, totalTickets, totalStakeUnits) {
    var total = totalStakeUnits || state.totalStakeUnits;
    var of = total ? coins(total) : (totalTickets !== undefined ? String(totalTickets) : '?');
    var t = coinTicket !== undefined && coinTicket !== null ? coinTicket
      : (ticket !== undefined && ticket !== null ? Math.floor(ticket / UNITS_PER_COIN) : '?');
    return (typeof t === 'number' ? t.toLocaleString('en-US') : t) + ' of ' + of;
  }

  // ------------------------------------------------------------------ blocks

  /** A block from the event stream. */
  function viewFromEvent(b) {
    return {
      height: b.height, hash: b.hash, round: b.round, timestamp: b.timestamp, forger: b.forger,
      ticket: b.ticket, coinTicket: b.coinTicket, totalTickets: b.totalTickets, txCount: b.txCount,
      confirmed: b.confirmedStakeUnits, total: b.totalStakeUnits,
      confirmations: (b.confirmations || []).map(function (c) { return c.address; })
    };
  }

  /** A block from api/v1/blocks: confirmed stake from the certificate and the current validator stakes. */
  function viewFromJson(b) {
    var conf = ((b.certificate || {}).confirmations || []).map(function (c) { return c.validator || c.address; });
    var confirmed = b.confirmedStakeUnits;
    if (confirmed === undefined) {
      confirmed = conf.reduce(function (s, a) { return s + ((state.validators[a] || {}).stakeUnits || 0); }, 0);
    }
    return {
      height: b.height, hash: b.hash, round: b.round, timestamp: b.timestampMillis || b.timestamp, forger: b.forger,
      ticket: b.ticket, coinTicket: b.coinTicket, totalTickets: b.totalTickets,
      txCount: (b.transactions || []).length, confirmed: confirmed,
      total: b.totalStakeUnits || state.totalStakeUnits, confirmations: conf
    };
  }

  function addBlock(view, fresh) {
    var old = state.blocks[view.height];
    if (old) {
      // keep what only the event stream knows (the ticket, the stake of that height)
      Object.keys(old).forEach(function (k) {
        if (view[k] === undefined || view[k] === null || (k === 'total' && !view[k])) { view[k] = old[k]; }
      });
      if (old.coinTicket !== undefined && view.coinTicket === undefined) { view.coinTicket = old.coinTicket; }
      if (old.total && old.confirmed) { view.confirmed = old.confirmed; view.total = old.total; }
    }
    state.blocks[view.height] = view;
    setHeight(view.height);
    renderBlock(view, fresh && !old);
    var heights = Object.keys(state.blocks).map(Number).sort(function (a, b) { return b - a; });
    heights.slice(MAX_BLOCKS).forEach(function (h) {
      delete state.blocks[h];
      var li = document.querySelector('#blocks li[data-height="' + h + '"]');
      if (li) { li.remove(); }
    });
    $('blocks-empty').hidden = heights.length > 0;
  }

  function renderBlock(v, fresh) {
    var ratio = v.total ? Math.min(1, v.confirmed / v.total) : 0;
    var isFinal = v.total ? 4 * v.confirmed >= 3 * v.total : false;
    var bar = el('div', { cls: 'confbar' + (isFinal ? ' final' : ''), role: 'meter', 'aria-valuemin': '0',
      'aria-valuemax': '100', 'aria-valuenow': (ratio * 100).toFixed(1),
      title: 'confirmed stake ' + coins(v.confirmed) + ' of ' + coins(v.total) + '; final at 75%' }, [
      el('div', { cls: 'fill', style: 'width:' + (ratio * 100).toFixed(2) + '%' }),
      el('div', { cls: 'mark' })
    ]);
    var li = el('li', { cls: 'block' + (fresh ? ' fresh' : ''), 'data-height': v.height, 'data-hash': v.hash || '' }, [
      el('div', { cls: 'block-head' }, [
        el('span', { cls: 'block-height', text: '#' + v.height.toLocaleString('en-US') }),
        el('span', { cls: 'block-hash mono', title: v.hash, text: short(v.hash, 12) }),
        el('span', { cls: 'hint', text: time(v.timestamp) + (v.round ? ' · round ' + v.round : '') })
      ]),
      el('div', { cls: 'block-meta' }, [
        el('span', {}, ['forged by ', el('span', { cls: 'chip', style: 'background:' + colorOf(v.forger || '') }),
          v.forger ? addressLink(v.forger) : '?']),
        el('span', { cls: 'ticket', text: 'ticket ' + ticketText(v.coinTicket, v.ticket, v.totalTickets, v.total) }),
        el('span', { cls: 'txcount', text: v.txCount + (v.txCount === 1 ? ' transaction' : ' transactions') })
      ]),
      bar,
      el('div', { cls: 'conflabel', text: 'confirmations ' + v.confirmations.length + ' · stake ' + coins(v.confirmed) +
        ' of ' + coins(v.total) + ' (' + (ratio * 100).toFixed(1) + '%) ' + (isFinal ? '≥ 75% · final' : '') +
        (v.confirmations.length ? ' · ' + v.confirmations.map(label).join(', ') : '') })
    ]);
    var list = $('blocks');
    var existing = list.querySelector('li[data-height="' + v.height + '"]');
    if (existing) { list.replaceChild(li, existing); return; }
    var after = null;
    Array.prototype.some.call(list.children, function (c) {
      if (Number(c.getAttribute('data-height')) < v.height) { after = c; return true; }
      return false;
    });
    list.insertBefore(li, after);
  }

  /** Blocks from..from+limit-1 by the list endpoint, or one by one where the list endpoint is missing. */
  function loadBlocks(from, limit) {
    from = Math.max(1, from);
    return api('blocks?from=' + from + '&limit=' + limit).then(function (r) {
      var list = Array.isArray(r) ? r : (r.blocks || []);
      list.forEach(ingestBlockJson);
    }, function (e) {
      if (e.status !== 404 && e.status !== 400) { throw e; }
      var hs = [];
      for (var h = from; h < from + limit && h <= state.maxHeight; h++) { hs.push(h); }
      return Promise.all(hs.map(function (h) { return api('blocks/' + h).then(ingestBlockJson, function () {}); }));
    });
  }

  function ingestBlockJson(b) {
    addBlock(viewFromJson(b), false);
    (b.transactions || []).forEach(function (t) { addTx(txFromJson(t, b.height)); });
  }

  // ------------------------------------------------------------------ transactions and slashings

  function txFromJson(t, height) {
    var r = t.receipt || {};
    return { hash: t.hash, height: height, type: t.type, sender: t.sender, to: t.to, amount: t.amount, fee: t.fee,
      offender: t.offender, status: r.success === false ? 'failed' : 'final', failure: r.failure || null };
  }

  function addTx(t) {
    if (!t.hash) { return; }
    var old = state.txs[t.hash] || {};
    Object.keys(t).forEach(function (k) { if (t[k] !== undefined && t[k] !== null) { old[k] = t[k]; } });
    if (t.failure === null && t.status === 'final' && old.status !== 'failed') { old.failure = null; }
    state.txs[t.hash] = old;
    if (old.type === 'SLASH_EVIDENCE' && old.offender) {
      addSlashing({ offender: old.offender, height: old.height, reporter: old.sender, slashed: null });
    }
    renderFeed();
  }

  function renderFeed() {
    var ul = $('txs');
    ul.textContent = '';
    var list = Object.keys(state.txs).map(function (k) { return state.txs[k]; })
      .sort(function (a, b) { return (b.height || 0) - (a.height || 0); }).slice(0, MAX_FEED);
    list.forEach(function (t) {
      var failed = t.status === 'failed' || !!t.failure;
      var what = [];
      if (t.type) { what.push(el('strong', { text: t.type.toLowerCase().replace('_', ' ') + ' ' })); }
      if (t.amount) { what.push(t.amount + ' '); }
      if (t.sender) { what.push('from ', addressLink(t.sender), ' '); }
      if (t.to) { what.push('to ', addressLink(t.to), ' '); }
      ul.appendChild(el('li', { 'data-hash': t.hash }, [
        el('span', { cls: 'status ' + (failed ? 'failed' : t.status === 'pending' ? 'pending' : 'ok'),
          text: failed ? 'failed' : (t.status || 'final') }), ' ',
        txLink(t.hash), ' ',
        t.height ? el('span', { cls: 'hint', text: 'block #' + t.height + ' ' }) : null,
        el('div', {}, what.concat(failed && t.failure ? [el('span', { cls: 'hint', text: '— ' + t.failure })] : []))
      ]));
    });
    $('txs-empty').hidden = list.length > 0;
  }

  function addSlashing(s) {
    var key = s.offender + '@' + s.height;
    var old = state.slashings[key] || {};
    Object.keys(s).forEach(function (k) { if (s[k] !== undefined && s[k] !== null) { old[k] = s[k]; } });
    state.slashings[key] = old;
    var ul = $('slashings');
    ul.textContent = '';
    Object.keys(state.slashings).map(function (k) { return state.slashings[k]; })
      .sort(function (a, b) { return (b.height || 0) - (a.height || 0); }).slice(0, MAX_FEED)
      .forEach(function (x) {
        ul.appendChild(el('li', {}, [
          '⚠ ', addressLink(x.offender), ' slashed' + (x.slashed ? ' ' + x.slashed : '') + ' and jailed',
          x.height ? ' at block #' + x.height : '',
          x.reporter ? el('span', { cls: 'hint' }, [' · reported by ', addressLink(x.reporter)]) : null
        ]));
      });
    $('slashings-empty').hidden = ul.children.length > 0;
  }

  // ------------------------------------------------------------------ lookups

  function resolveAddress(text) {
    text = text.trim();
    var byName = Object.keys(state.names).filter(function (a) { return state.names[a] === text.toLowerCase(); });
    return byName.length ? byName[0] : text;
  }

  function lookupAccount(text) {
    var out = $('account-result');
    var address = resolveAddress(text);
    if (!address) { return; }
    out.textContent = 'looking up…';
    api('accounts/' + encodeURIComponent(address)).then(function (a) {
      var rows = [
        ['address', el('span', { cls: 'mono', text: a.address })],
        ['name', state.names[a.address] || '—'],
        ['balance', a.balance + ' coins'],
        ['staked', a.staked + ' (' + coins(a.stakedUnits) + ' tickets)'],
        ['nonce', String(a.nonce)],
        ['validator', a.validator ? (a.jailed ? 'yes, jailed' : 'yes') : 'no'],
        ['slashed', a.slashed],
        ['unbonding', (a.unbonding || []).length ? a.unbonding.map(function (u) {
          return u.amount + ' at height ' + u.releaseHeight;
        }).join(', ') : 'nothing'],
        ['as of height', String(a.height)]
      ];
      out.textContent = '';
      var dl = el('dl');
      rows.forEach(function (r) { dl.appendChild(el('dt', { text: r[0] })); dl.appendChild(el('dd', {}, [r[1]])); });
      out.appendChild(dl);
    }, function (e) {
      out.textContent = '';
      out.appendChild(el('p', { cls: 'error', text: e.message }));
    });
  }

  function lookupTx(text) {
    var out = $('tx-result');
    var hash = text.trim();
    if (!hash) { return; }
    out.textContent = 'looking up…';
    api('transactions/' + encodeURIComponent(hash)).then(show, function (e) {
      if (e.body && e.body.status) { show(e.body); return; }
      out.textContent = '';
      out.appendChild(el('p', { cls: 'error', text: e.message }));
    });
    function show(t) {
      var tx = t.transaction || {};
      var r = t.receipt || {};
      var rows = [
        ['hash', el('span', { cls: 'mono', text: t.hash })],
        ['status', t.status + (t.height ? ' in block #' + t.height : '') +
          (r.success === false ? ' — failed: ' + (r.failure || '') : '')],
        ['type', tx.type || '—'],
        ['from', tx.sender ? addressLink(tx.sender) : '—'],
        ['to', tx.to ? addressLink(tx.to) : '—'],
        ['amount', tx.amount || '—'],
        ['fee', tx.fee || '—'],
        ['nonce', tx.nonce !== undefined ? String(tx.nonce) : '—']
      ];
      if (t.detail) { rows.push(['note', t.detail]); }
      out.textContent = '';
      var dl = el('dl');
      rows.forEach(function (x) { dl.appendChild(el('dt', { text: x[0] })); dl.appendChild(el('dd', {}, [x[1]])); });
      out.appendChild(dl);
    }
  }

  // ------------------------------------------------------------------ live updates

  var refreshPending = false;
  function refreshStakes() {
    if (refreshPending) { return; }
    refreshPending = true;
    setTimeout(function () {
      refreshPending = false;
      loadValidators().catch(function () {});
      loadLottery().catch(function () {});
    }, 250);
  }

  function connectStream() {
    if (!window.EventSource) { startPolling(); return; }
    var es = new EventSource(API + 'events');
    state.es = es;
    es.onopen = function () {
      setConn('live');
      stopPolling();
      catchUp();
    };
    es.onerror = function () {
      startPolling();
      if (es.readyState === 2) { // CLOSED: the browser gives up; try again ourselves
        state.es = null;
        setTimeout(connectStream, 10000);
      }
    };
    es.addEventListener('block', function (m) {
      var b = JSON.parse(m.data);
      addBlock(viewFromEvent(b), true);
      refreshStakes();
      if (b.txCount > 0) { api('blocks/' + b.height).then(ingestBlockJson, function () {}); }
    });
    es.addEventListener('tx', function (m) {
      var t = JSON.parse(m.data);
      addTx({ hash: t.hash, height: t.height, status: t.failure ? 'failed' : (t.status || 'final'),
        failure: t.failure });
    });
    es.addEventListener('slashing', function (m) {
      addSlashing(JSON.parse(m.data));
      refreshStakes();
    });
    es.addEventListener('round', function (m) {
      var r = JSON.parse(m.data);
      $('round').textContent = 'height ' + r.height + ' · round ' + r.round + (r.step ? ' · ' + r.step : '');
    });
  }

  /** After a (re)connect: fetch what final blocks the page missed. */
  function catchUp() {
    var known = state.maxHeight;
    return loadStatus().then(function (s) {
      if (s.finalHeight > known) {
        return loadBlocks(Math.max(known + 1, s.finalHeight - 19), Math.min(20, s.finalHeight - known));
      }
    }).catch(function () {});
  }

  function startPolling() {
    if (state.pollTimer) { return; }
    if (state.mode !== 'offline') { setConn('polling'); }
    state.pollTimer = setInterval(poll, POLL_MS);
  }

  function stopPolling() {
    if (state.pollTimer) { clearInterval(state.pollTimer); state.pollTimer = null; }
  }

  function poll() {
    state.pollTick++;
    catchUp().then(function () {
      if (state.mode !== 'live') { setConn('polling'); }
    });
    loadStatus().catch(function () { setConn('offline'); });
    if (state.pollTick % 3 === 1) { refreshStakes(); }
  }

  // ------------------------------------------------------------------ start

  function start() {
    $('account-form').addEventListener('submit', function (e) { e.preventDefault(); lookupAccount($('account-input').value); });
    $('tx-form').addEventListener('submit', function (e) { e.preventDefault(); lookupTx($('tx-input').value); });
    fetch('explorer/names.json', { cache: 'no-store' }).then(function (r) { return r.ok ? r.json() : {}; })
      .catch(function () { return {}; })
      .then(function (names) {
        state.names = names || {};
        return loadValidators().catch(function () {});
      })
      .then(function () {
        loadLottery().catch(function () {});
        return loadStatus().then(function (s) {
          return loadBlocks(s.finalHeight - 19, 20);
        }, function () { setConn('offline'); });
      })
      .catch(function () {})
      .then(function () {
        renderFeed();
        $('slashings-empty').hidden = false;
        connectStream();
      });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
