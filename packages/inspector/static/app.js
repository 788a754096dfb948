// The Troupe inspector page: plain browser JavaScript, no build step, no dependencies.
//
// It opens /api/events (server-sent events): a `snapshot` of the tree first, then coalesced
// `update`s (added, changed and removed actors, new tail entries). The tree is drawn as a
// virtualised list: only the rows in view exist in the DOM, so 10 000 or 100 000 actors scroll
// as smoothly as ten. Every value from the server reaches the DOM through `textContent` or a
// property, never as HTML: an actor named `<script>` is shown as those characters.
'use strict';

(() => {
  const ROW = 26; // px, as --row in style.css
  const OVERSCAN = 12; // rows drawn above and below the view
  const MAX_INDENT = 40; // levels indented; deeper ones show their depth instead
  const TAIL_ROWS = 300; // entries kept in the live tail
  const STATES = new Set(['starting', 'running', 'suspended', 'restarting', 'stopping', 'stopped']);

  const $ = (id) => document.getElementById(id);
  const viewport = $('viewport');
  const spacer = $('spacer');
  const rowsEl = $('rows');
  const filterEl = $('filter');
  const tailEl = $('tail');
  const detailsEl = $('details');
  const statusEl = $('status');
  const noticeEl = $('notice');

  /** id -> { v: the actor's view from the server, children: Set of ids (start order) }. */
  const nodes = new Map();
  /** Top-level actors' ids. */
  const roots = new Set();
  /** path -> id of the live actor there. */
  const byPath = new Map();
  /** Expanded or collapsed by the user, by path (survives restarts and reconnects). */
  const choice = new Map();
  /** 'depth': expanded down to DEFAULT_DEPTH; 'all'; 'none'. Set by the buttons. */
  let defaultMode = 'depth';
  const DEFAULT_DEPTH = 2;

  let filter = '';
  let visible = []; // the rows the list shows, in order: { node, match }
  let structureChanged = true;
  let renderQueued = false;
  let selectedPath = null;
  let stats = { total: 0, truncated: false, failures: 0, deadLetters: 0 };

  // ---- the model -------------------------------------------------------------------------

  function clear() {
    nodes.clear();
    roots.clear();
    byPath.clear();
  }

  /** The stream leaves paths out (a deep tree would repeat them): a path is its parent's and a name. */
  function withPath(v, parent) {
    v.path = parent ? `${parent.v.path}/${v.name}` : `/user/${v.name}`;
    return v;
  }

  function add(v) {
    const parent = v.parent === 0 ? undefined : nodes.get(v.parent);
    withPath(v, parent);
    const old = nodes.get(v.id);
    if (old) {
      old.v = v;
      return;
    }
    nodes.set(v.id, { v, children: new Set() });
    byPath.set(v.path, v.id);
    if (parent) parent.children.add(v.id);
    else roots.add(v.id);
  }

  function change(v) {
    const node = nodes.get(v.id);
    if (!node) return;
    v.path = node.v.path; // names never change
    node.v = v;
  }

  function remove(id) {
    const node = nodes.get(id);
    if (!node) return;
    nodes.delete(id);
    if (byPath.get(node.v.path) === id) byPath.delete(node.v.path);
    const parent = nodes.get(node.v.parent);
    if (parent) parent.children.delete(id);
    else roots.delete(id);
  }

  function isExpanded(node) {
    const chosen = choice.get(node.v.path);
    if (chosen !== undefined) return chosen;
    return defaultMode === 'all' || (defaultMode === 'depth' && node.v.depth < DEFAULT_DEPTH);
  }

  function matches(v) {
    return v.path.toLowerCase().includes(filter) || v.class.toLowerCase().includes(filter);
  }

  /** Every node in tree order, walked with an explicit stack (trees may be very deep). */
  function preorder(ids, descend) {
    const out = [];
    const stack = [...ids].reverse();
    while (stack.length > 0) {
      const node = nodes.get(stack.pop());
      if (!node) continue;
      out.push(node);
      if (node.children.size > 0 && descend(node)) {
        const kids = [...node.children];
        for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
      }
    }
    return out;
  }

  /** The rows to show: the expanded tree, or, with a filter, the matches and their ancestors. */
  function computeVisible() {
    if (filter === '') {
      visible = preorder(roots, isExpanded).map((node) => ({ node, match: false }));
      return;
    }
    const all = preorder(roots, () => true);
    // Children come after their parent in tree order: walking backwards, a node's verdict is
    // known before its parent's.
    const keep = new Set();
    const hit = new Set();
    for (let i = all.length - 1; i >= 0; i--) {
      const node = all[i];
      if (matches(node.v)) {
        hit.add(node);
        keep.add(node);
      }
      if (keep.has(node)) {
        const parent = nodes.get(node.v.parent);
        if (parent) keep.add(parent);
      }
    }
    visible = preorder(roots, (node) => keep.has(node))
      .filter((node) => keep.has(node))
      .map((node) => ({ node, match: hit.has(node) }));
  }

  // ---- drawing ---------------------------------------------------------------------------

  const pool = []; // row elements, reused as the list scrolls

  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function makeRow() {
    const row = el('div', 'row');
    row.setAttribute('role', 'row');
    const name = el('span', 'c-name');
    name.append(el('span', 'deep'), el('span', 'toggle'), el('span', 'name'), el('span', 'count'));
    const mailbox = el('span', 'c-mailbox');
    const bar = el('span', 'bar');
    bar.append(el('i'));
    mailbox.append(el('span', 'q'), bar);
    const failure = el('span', 'c-failure');
    failure.append(el('span', 'when'), el('span', 'what'));
    row.append(
      name,
      el('span', 'c-class'),
      el('span', 'c-state'),
      mailbox,
      el('span', 'c-rate'),
      el('span', 'c-handled'),
      el('span', 'c-restarts'),
      failure,
    );
    const state = el('span', 'state');
    row.children[2].append(state);
    rowsEl.append(row);
    return row;
  }

  function fill(row, entry, index) {
    const { node, match } = entry;
    const v = node.v;
    row.style.top = `${index * ROW}px`;
    row.hidden = false;
    row.dataset.id = String(v.id);
    row.title = v.path;
    row.className = `row${match ? ' match' : ''}${v.path === selectedPath ? ' selected' : ''}`;
    row.setAttribute('aria-level', String(v.depth + 1));
    const [nameCell, classCell, stateCell, mailboxCell, rateCell, handledCell, restartsCell, failureCell] = row.children;

    const [deep, toggle, name, count] = nameCell.children;
    nameCell.style.paddingLeft = `${Math.min(v.depth, MAX_INDENT) * 14}px`;
    deep.textContent = v.depth > MAX_INDENT ? `⋯${v.depth}` : '';
    const kids = node.children.size;
    const open = kids > 0 && (filter !== '' || isExpanded(node));
    toggle.textContent = kids === 0 ? '·' : open ? '▾' : '▸';
    toggle.className = kids === 0 ? 'toggle leaf' : 'toggle';
    name.textContent = v.name;
    count.textContent = kids > 0 && !open ? `(${kids})` : '';

    classCell.textContent = v.class;
    const state = stateCell.firstChild;
    state.textContent = v.state;
    state.className = STATES.has(v.state) ? `state ${v.state}` : 'state';

    const [q, bar] = mailboxCell.children;
    q.textContent = `${v.mailbox} / ${v.capacity === null ? '∞' : v.capacity}`;
    const fullness = v.capacity ? Math.min(1, v.mailbox / v.capacity) : 0;
    bar.firstChild.style.width = `${Math.round(fullness * 100)}%`;
    bar.className = fullness >= 1 ? 'bar full' : fullness >= 0.8 ? 'bar high' : 'bar';

    rateCell.textContent = formatRate(v.rate);
    handledCell.textContent = v.handled.toLocaleString('en');
    restartsCell.textContent = String(v.restarts);
    restartsCell.className = v.restarts > 0 ? 'c-restarts restarted' : 'c-restarts';

    const [when, what] = failureCell.children;
    const f = v.lastFailure;
    when.textContent = f ? time(f.at) : '';
    what.textContent = f ? errorText(f) : '';
    failureCell.className = f ? `c-failure failure${Date.now() - f.at > 60_000 ? ' old' : ''}` : 'c-failure';
    failureCell.title = f ? (f.stack ?? errorText(f)) : '';
  }

  function render() {
    renderQueued = false;
    if (structureChanged) {
      structureChanged = false;
      computeVisible();
    }
    spacer.style.height = `${visible.length * ROW}px`;
    const top = viewport.scrollTop;
    const first = Math.max(0, Math.floor(top / ROW) - OVERSCAN);
    const last = Math.min(visible.length, Math.ceil((top + viewport.clientHeight) / ROW) + OVERSCAN);
    let k = 0;
    for (let i = first; i < last; i++, k++) fill(pool[k] ?? (pool[k] = makeRow()), visible[i], i);
    for (; k < pool.length; k++) pool[k].hidden = true;

    $('stat-actors').textContent = stats.total.toLocaleString('en');
    $('stat-failures').textContent = stats.failures.toLocaleString('en');
    $('stat-deadletters').textContent = stats.deadLetters.toLocaleString('en');
    $('shown').textContent = filter === '' ? `${visible.length.toLocaleString('en')} rows` : `${visible.filter((e) => e.match).length.toLocaleString('en')} matching`;
    noticeEl.hidden = !stats.truncated;
    noticeEl.textContent = stats.truncated ? `Showing the first ${nodes.size.toLocaleString('en')} of ${stats.total.toLocaleString('en')} actors (the inspector's maxActors).` : '';
    renderDetails();
  }

  function schedule(structural) {
    if (structural) structureChanged = true;
    if (renderQueued) return;
    renderQueued = true;
    requestAnimationFrame(render);
  }

  function renderDetails() {
    const node = selectedPath === null ? undefined : findByPath(selectedPath);
    if (!node) {
      if (detailsEl.dataset.path !== '') {
        detailsEl.dataset.path = '';
        detailsEl.replaceChildren(el('p', 'muted', selectedPath === null ? 'Select an actor to see its path and last failure.' : `${selectedPath} is not alive.`));
      }
      return;
    }
    const v = node.v;
    const key = JSON.stringify(v);
    if (detailsEl.dataset.path === v.path && detailsEl.dataset.key === key) return; // unchanged: keep a selection
    detailsEl.dataset.path = v.path;
    detailsEl.dataset.key = key;
    const dl = el('dl');
    const item = (k, text) => dl.append(el('dt', '', k), el('dd', '', text));
    item('Path', v.path);
    item('Class', v.class);
    item('State', v.state);
    item('Mailbox', `${v.mailbox} / ${v.capacity === null ? '∞' : v.capacity}`);
    item('Msgs/s', formatRate(v.rate));
    item('Handled', v.handled.toLocaleString('en'));
    item('Restarts', String(v.restarts));
    item('Children', String(v.children));
    const parts = [dl];
    if (v.lastFailure) {
      item('Failed at', dateTime(v.lastFailure.at));
      item('Failure', errorText(v.lastFailure));
      if (v.lastFailure.stack) parts.push(el('pre', '', v.lastFailure.stack));
    }
    detailsEl.replaceChildren(...parts);
  }

  function findByPath(path) {
    const id = byPath.get(path);
    return id === undefined ? undefined : nodes.get(id);
  }

  // ---- the live tail -----------------------------------------------------------------------

  const KIND = { failure: 'failed', restart: 'restarted', deadletter: 'dead letter', 'gave-up': 'gave up', 'system-failure': 'system failure' };

  function tailItem(entry) {
    const li = el('li');
    const line = el('div', 'line');
    line.append(el('span', 'when', time(entry.at)), el('span', `kind ${entry.kind in KIND ? entry.kind : ''}`, KIND[entry.kind] ?? entry.kind), el('span', 'path', entry.path));
    li.append(line);
    let text = '';
    if (entry.kind === 'deadletter') text = `${entry.message} (${entry.reason === 'unhandled' ? 'no handler' : 'actor stopped'})`;
    else if (entry.kind === 'restart') text = `attempt ${entry.attempt}${entry.error ? ` after ${errorText(entry.error)}` : ''}`;
    else if (entry.error) text = errorText(entry.error);
    if (text) li.append(el('div', 'text', text));
    if (entry.payload !== undefined) li.append(el('div', 'text payload', entry.payload));
    if (entry.error?.stack) li.title = entry.error.stack;
    return li;
  }

  function addTail(entries, skipped) {
    const items = entries.map(tailItem).reverse(); // newest first
    if (skipped > 0) {
      const li = el('li');
      const line = el('div', 'line');
      line.append(el('span', 'kind skipped', `+${skipped.toLocaleString('en')}`), el('span', 'text', 'more events in this interval, not listed'));
      li.append(line);
      items.unshift(li);
    }
    tailEl.prepend(...items);
    while (tailEl.children.length > TAIL_ROWS) tailEl.lastChild.remove();
  }

  // ---- formatting --------------------------------------------------------------------------

  function pad(n, w = 2) {
    return String(n).padStart(w, '0');
  }
  function time(at) {
    const d = new Date(at);
    return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
  }
  function dateTime(at) {
    const d = new Date(at);
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time(at)}`;
  }
  function errorText(e) {
    return e.message ? `${e.name}: ${e.message}` : e.name;
  }
  function formatRate(r) {
    if (r === 0) return '0';
    if (r < 10) return r.toFixed(1);
    if (r < 10_000) return String(Math.round(r));
    return `${(r / 1000).toFixed(r < 100_000 ? 1 : 0)}k`;
  }

  // ---- the stream --------------------------------------------------------------------------

  function setStatus(kind, text) {
    statusEl.className = `status ${kind}`;
    statusEl.textContent = text;
  }

  function onSnapshot(s) {
    clear();
    for (const v of s.actors) add(v);
    stats = { total: s.total, truncated: s.truncated, failures: s.failures, deadLetters: s.deadLetters };
    $('system').textContent = s.system;
    document.title = `${s.system} · Troupe inspector`;
    tailEl.replaceChildren();
    addTail(s.tail, 0);
    schedule(true);
  }

  function onUpdate(u) {
    for (const id of u.removed) remove(id);
    for (const v of u.added) add(v);
    for (const v of u.changed) change(v);
    stats = { total: u.total, truncated: u.truncated, failures: u.failures, deadLetters: u.deadLetters };
    if (u.tail.length > 0 || u.skipped > 0) addTail(u.tail, u.skipped);
    schedule(u.added.length > 0 || u.removed.length > 0);
  }

  function connect() {
    const source = new EventSource('/api/events');
    source.addEventListener('open', () => setStatus('live', 'live'));
    source.addEventListener('snapshot', (e) => onSnapshot(JSON.parse(e.data)));
    source.addEventListener('update', (e) => onUpdate(JSON.parse(e.data)));
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) setStatus('offline', 'offline: reload the page (with its token)');
      else setStatus('connecting', 'reconnecting…');
    });
  }

  // ---- the controls ------------------------------------------------------------------------

  let filterTimer;
  filterEl.addEventListener('input', () => {
    clearTimeout(filterTimer);
    filterTimer = setTimeout(() => {
      filter = filterEl.value.trim().toLowerCase();
      viewport.scrollTop = 0;
      schedule(true);
    }, 120);
  });

  $('expand-all').addEventListener('click', () => {
    defaultMode = 'all';
    choice.clear();
    schedule(true);
  });
  $('collapse-all').addEventListener('click', () => {
    defaultMode = 'none';
    choice.clear();
    schedule(true);
  });

  rowsEl.addEventListener('click', (e) => {
    const row = e.target.closest('.row');
    const node = row && nodes.get(Number(row.dataset.id));
    if (!node) return;
    if (e.target.classList.contains('toggle') && node.children.size > 0 && filter === '') {
      choice.set(node.v.path, !isExpanded(node));
      schedule(true);
      return;
    }
    selectedPath = node.v.path;
    schedule(false);
  });
  rowsEl.addEventListener('dblclick', (e) => {
    const row = e.target.closest('.row');
    const node = row && nodes.get(Number(row.dataset.id));
    if (!node || node.children.size === 0 || filter !== '') return;
    choice.set(node.v.path, !isExpanded(node));
    schedule(true);
  });

  viewport.addEventListener('scroll', () => schedule(false), { passive: true });
  window.addEventListener('resize', () => schedule(false));

  connect();
})();
