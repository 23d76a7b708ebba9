// The Stepwise dashboard: plain JavaScript over the service's REST API, no build step.
// Views (by the URL's hash): #/ workflows, #/w/NAME instances, #/w/NAME/i/ID one instance.
'use strict';

const API = '/api/workflows';
const STATUSES = ['queued', 'running', 'paused', 'waiting', 'waitingForPause', 'errored', 'terminated', 'complete'];
const FINAL = ['complete', 'errored', 'terminated'];
// The statuses each instance button applies to (the service answers 409 to the others anyway).
const ALLOWED = {
  pause: ['queued', 'running', 'waiting'],
  resume: ['paused', 'waitingForPause'],
  terminate: ['queued', 'running', 'waiting', 'paused', 'waitingForPause'],
  restart: STATUSES,
};
const view = document.getElementById('view');
const notice = document.getElementById('notice');

// The API key lives in this tab's sessionStorage; it is asked for when the service answers 401.
const keys = {
  get: () => sessionStorage.getItem('stepwise.apiKey'),
  set: (key) => sessionStorage.setItem('stepwise.apiKey', key),
  clear: () => sessionStorage.removeItem('stepwise.apiKey'),
};

class ApiError extends Error {
  constructor(status, body) {
    super(body && body.error ? `${body.error.code}: ${body.error.message}` : `HTTP ${status}`);
    this.status = status;
  }
}

function headers(extra) {
  const h = Object.assign({ Accept: 'application/json' }, extra || {});
  if (keys.get()) h.Authorization = 'Bearer ' + keys.get();
  return h;
}

async function api(path, options) {
  const init = Object.assign({}, options || {});
  init.headers = headers(init.body !== undefined ? { 'Content-Type': 'application/json' } : {});
  const response = await fetch(API + path, init);
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

const seg = encodeURIComponent;

function esc(value) {
  return String(value === null || value === undefined ? '' : value)
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function time(iso) {
  return iso ? new Date(iso).toLocaleString() : '–';
}

function statusBadge(status) {
  return `<span class="status ${esc(status)}">${esc(status)}</span>`;
}

function show(message, isError) {
  notice.textContent = message;
  notice.className = isError ? 'error' : '';
  notice.hidden = !message;
}

function crumbs(parts) {
  document.getElementById('crumbs').innerHTML = parts
    .map(([label, href]) => (href ? `<a href="${href}">${esc(label)}</a>` : `<span>${esc(label)}</span>`))
    .join(' / ');
  document.getElementById('key-state').textContent = keys.get() ? 'API key set' : '';
}

// ---- Routing ----

let leaveView = () => {};

function route() {
  leaveView();
  leaveView = () => {};
  show('');
  view.innerHTML = '<p class="muted">Loading…</p>';
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query] = hash.split('?');
  const params = new URLSearchParams(query || '');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  let rendering;
  if (parts[0] === 'w' && parts.length === 2) rendering = workflowView(parts[1], params);
  else if (parts[0] === 'w' && parts[2] === 'i' && parts.length === 4) rendering = instanceView(parts[1], parts[3]);
  else rendering = workflowsView();
  rendering.catch(failed);
}

function failed(error) {
  if (error instanceof ApiError && error.status === 401) {
    const refused = keys.get();
    keys.clear();
    askForKey();
    if (refused) show('That API key was refused: ' + error.message, true);
    return;
  }
  show(error.message, true);
}

function askForKey() {
  crumbs([]);
  view.innerHTML = document.getElementById('key-form').innerHTML;
  document.getElementById('api-key-form').addEventListener('submit', (e) => {
    e.preventDefault();
    keys.set(document.getElementById('api-key').value.trim());
    route();
  });
}

// ---- Workflows ----

async function workflowsView() {
  crumbs([['Workflows']]);
  const workflows = await api('');
  view.innerHTML = `
    <h1>Workflows</h1>
    <table id="workflows">
      <thead><tr><th>Name</th><th>Params</th>${STATUSES.map((s) => `<th>${esc(s)}</th>`).join('')}</tr></thead>
      <tbody>${workflows.map((w) => `
        <tr data-workflow="${esc(w.name)}">
          <td><a href="#/w/${seg(w.name)}">${esc(w.name)}</a></td>
          <td class="muted">${esc(w.paramsType)}</td>
          ${STATUSES.map((s) => {
            const n = (w.instances || {})[s] || 0;
            return `<td class="num ${n ? '' : 'zero'}" data-status="${s}">${n ? `<a href="#/w/${seg(w.name)}?status=${s}">${n}</a>` : 0}</td>`;
          }).join('')}
        </tr>`).join('')}
      </tbody>
    </table>`;
}

// ---- Instances of a workflow ----

async function workflowView(workflow, params) {
  const status = params.get('status') || '';
  const cursor = params.get('cursor') || '';
  crumbs([['Workflows', '#/'], [workflow]]);
  const query = new URLSearchParams({ limit: '25' });
  if (status) query.set('status', status);
  if (cursor) query.set('cursor', cursor);
  const page = await api(`/${seg(workflow)}/instances?${query}`);
  const here = (extra) => `#/w/${seg(workflow)}?${new URLSearchParams(Object.assign(status ? { status } : {}, extra))}`;
  view.innerHTML = `
    <h1>${esc(workflow)}</h1>
    <div class="toolbar">
      <label>Status <select id="status-filter">
        <option value="">all</option>
        ${STATUSES.map((s) => `<option ${s === status ? 'selected' : ''}>${s}</option>`).join('')}
      </select></label>
      ${cursor ? `<a href="${here({})}">First page</a>` : ''}
      ${page.nextCursor ? `<a id="next-page" href="${here({ cursor: page.nextCursor })}">Next page →</a>` : ''}
    </div>
    <table id="instances">
      <thead><tr><th>Instance</th><th>Status</th><th>Created</th><th>Started</th><th>Ended</th></tr></thead>
      <tbody>${page.instances.map((i) => `
        <tr data-instance="${esc(i.id)}">
          <td><a href="#/w/${seg(workflow)}/i/${seg(i.id)}">${esc(i.id)}</a></td>
          <td>${statusBadge(i.status)}</td><td>${time(i.createdAt)}</td><td>${time(i.startedAt)}</td><td>${time(i.endedAt)}</td>
        </tr>`).join('') || '<tr><td colspan="5" class="muted">No instances.</td></tr>'}
      </tbody>
    </table>
    <form id="trigger-form" class="card">
      <h2>New instance</h2>
      <p><input id="trigger-id" placeholder="id (optional)"></p>
      <textarea id="trigger-params" placeholder='params as JSON, e.g. {"steps": 3}'></textarea>
      <p><button type="submit">Create</button></p>
    </form>`;
  document.getElementById('status-filter').addEventListener('change', (e) => {
    location.hash = e.target.value ? `#/w/${seg(workflow)}?status=${e.target.value}` : `#/w/${seg(workflow)}`;
  });
  document.getElementById('trigger-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const body = {};
    const id = document.getElementById('trigger-id').value.trim();
    const paramsText = document.getElementById('trigger-params').value.trim();
    if (id) body.id = id;
    try {
      if (paramsText) body.params = JSON.parse(paramsText);
    } catch (error) {
      show('params are not valid JSON: ' + error.message, true);
      return;
    }
    api(`/${seg(workflow)}/instances`, { method: 'POST', body: JSON.stringify(body) })
      .then((created) => { location.hash = `#/w/${seg(workflow)}/i/${seg(created.id)}`; })
      .catch(failed);
  });
}

// ---- One instance ----

async function instanceView(workflow, id) {
  crumbs([['Workflows', '#/'], [workflow, `#/w/${seg(workflow)}`], [id]]);
  const page = new InstancePage(workflow, id);
  leaveView = () => page.close();
  await page.load();
  page.follow();
}

class InstancePage {
  constructor(workflow, id) {
    this.workflow = workflow;
    this.id = id;
    this.path = `/${seg(workflow)}/instances/${seg(id)}`;
    this.instance = null;
    this.stream = null;
    this.clock = setInterval(() => this.instance && !this.ended() && this.drawTimeline(), 1000);
  }

  // After this, the page never draws again: a refresh or a load still under way when the user
  // moved to another page would otherwise draw this instance over that page (its status, its
  // buttons' handlers).
  close() {
    this.closed = true;
    clearInterval(this.clock);
    clearTimeout(this.pending);
    if (this.stream) this.stream.abort();
  }

  ended() {
    return FINAL.includes(this.instance.status);
  }

  async load() {
    const instance = await api(this.path);
    if (this.closed) return;
    this.instance = instance;
    this.draw();
  }

  // Live updates over the subscribe endpoint (Server-Sent Events). Read with fetch rather than
  // EventSource, which cannot send the Authorization header. The stream ends when the instance does.
  follow() {
    if (this.stream) this.stream.abort();
    const stream = new AbortController();
    this.stream = stream;
    readEvents(API + this.path + '/subscribe', stream.signal, () => this.refresh())
      .catch((error) => { if (!stream.signal.aborted) failed(error); });
  }

  refresh() {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = null;
      this.load().catch(failed);
    }, 50);
  }

  // The page is drawn once; updates then change its parts in place, so a live update never
  // wipes what the user is typing in a form.
  draw() {
    if (!document.getElementById('instance-page')) this.drawSkeleton();
    const i = this.instance;
    document.getElementById('instance-status').innerHTML = statusBadge(i.status);
    document.getElementById('instance-fields').innerHTML = `
      <dt>Created</dt><dd>${time(i.createdAt)}</dd>
      <dt>Started</dt><dd>${time(i.startedAt)}</dd>
      <dt>Ended</dt><dd>${time(i.endedAt)}</dd>
      ${i.rollback ? `<dt>Rollback</dt><dd>${esc(i.rollback.status)}</dd>` : ''}
      ${i.error ? `<dt>Error</dt><dd id="instance-error">${esc(i.error.name)}: ${esc(i.error.message)}</dd>` : ''}
      <dt>Params</dt><dd><pre id="instance-params">${esc(JSON.stringify(i.params, null, 2))}</pre></dd>
      <dt>Output</dt><dd><pre id="instance-output">${esc(JSON.stringify(i.output, null, 2))}</pre></dd>`;
    view.querySelectorAll('#actions button').forEach((button) => {
      button.disabled = !ALLOWED[button.dataset.action].includes(i.status);
    });
    const from = document.getElementById('restart-from');
    const options = ['<option value="">from the start</option>'].concat(i.steps.filter((s) => s.type !== 'rollback')
      .map((s) => `<option value="${esc(s.name)}|${s.count}">from ${esc(s.name)}${s.count > 1 ? ' #' + s.count : ''}</option>`)).join('');
    if (from.dataset.options !== options) {
      const chosen = from.value;
      from.innerHTML = options;
      from.dataset.options = options;
      from.value = [...from.options].some((o) => o.value === chosen) ? chosen : '';
    }
    this.drawTimeline();
  }

  drawSkeleton() {
    view.innerHTML = `
      <div id="instance-page">
      <h1>${esc(this.workflow)} / ${esc(this.id)} <span id="instance-status"></span></h1>
      <div class="toolbar" id="actions">
        <button data-action="pause">Pause</button>
        <button data-action="resume">Resume</button>
        <button data-action="terminate" class="danger">Terminate</button>
        <label><input type="checkbox" id="rollback"> with rollback</label>
        <button data-action="restart">Restart</button>
        <select id="restart-from"></select>
      </div>
      <div class="card"><dl class="fields" id="instance-fields"></dl></div>
      <h2>Timeline</h2>
      <div class="timeline" id="timeline"></div>
      <div class="legend">
        <span><i style="background:var(--ok)"></i>attempt</span><span><i style="background:var(--fail)"></i>failed attempt</span>
        <span><i style="background:var(--run)"></i>running</span><span><i style="background:#ffc9c9"></i>retry back-off</span>
        <span><i style="background:var(--sleep)"></i>sleep</span><span><i style="background:var(--wait)"></i>wait for event</span>
      </div>
      <form id="event-form" class="card">
        <h2>Send event</h2>
        <p><input id="event-type" placeholder="type" required></p>
        <textarea id="event-payload" placeholder="payload as JSON (optional)"></textarea>
        <p><button type="submit">Send</button></p>
      </form>
      </div>`;
    view.querySelectorAll('#actions button').forEach((button) => {
      button.addEventListener('click', () => this.act(button.dataset.action));
    });
    document.getElementById('event-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.sendEvent();
    });
  }

  act(action) {
    const change = { status: action };
    if (action === 'terminate' && document.getElementById('rollback').checked) change.rollback = true;
    const from = document.getElementById('restart-from').value;
    if (action === 'restart' && from) {
      const [name, count] = from.split('|');
      change.from = { name, count: Number(count) };
    }
    api(this.path + '/status', { method: 'PATCH', body: JSON.stringify(change) })
      .then((result) => {
        show(`${action}: the instance is now ${result.status}`);
        return this.load();
      })
      .then(() => { if (!this.ended()) this.follow(); })
      .catch((error) => show(`${action} refused: ${error.message}`, true));
  }

  sendEvent() {
    const type = document.getElementById('event-type').value.trim();
    const text = document.getElementById('event-payload').value.trim();
    try {
      if (text) JSON.parse(text);
    } catch (error) {
      show('the payload is not valid JSON: ' + error.message, true);
      return;
    }
    api(`${this.path}/events/${seg(type)}`, { method: 'POST', body: text || 'null' })
      .then(() => show(`event ${type} sent`))
      .catch((error) => show(`event refused: ${error.message}`, true));
  }

  drawTimeline() {
    const target = document.getElementById('timeline');
    if (!target) return;
    target.innerHTML = timelineHtml(this.instance, Date.now());
  }
}

/** Reads a Server-Sent Events stream, calling onEvent with each event's parsed data. */
async function readEvents(url, signal, onEvent) {
  const response = await fetch(url, { headers: headers({ Accept: 'text/event-stream' }), signal });
  if (!response.ok) throw new ApiError(response.status, null);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = event.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
      if (data) onEvent(JSON.parse(data));
    }
  }
}

// ---- Timeline: each step's attempts, back-offs, sleeps and waits as bars over time ----

function timelineHtml(instance, now) {
  const t0 = Date.parse(instance.startedAt || instance.createdAt);
  const ended = FINAL.includes(instance.status);
  const t1 = Math.max(ended && instance.endedAt ? Date.parse(instance.endedAt) : now, t0 + 1000);
  const x = (t) => Math.min(100, Math.max(0, ((t - t0) / (t1 - t0)) * 100));
  const bar = (cls, from, to, title) => {
    const left = x(from);
    return `<div class="bar ${cls}" style="left:${left.toFixed(2)}%;width:${Math.max(0.4, x(to) - left).toFixed(2)}%" title="${esc(title)}"></div>`;
  };
  const rows = instance.steps.map((step) => {
    const bars = [];
    const start = Date.parse(step.startedAt);
    const end = step.endedAt ? Date.parse(step.endedAt) : null;
    if (step.type === 'sleep') {
      const until = end || Date.parse(step.wakeAt);
      bars.push(bar('sleep' + (end ? '' : ' open'), start, until, `sleep until ${step.wakeAt}`));
    } else if (step.type === 'waitForEvent') {
      const cls = 'wait' + (end ? '' : ' open') + (step.status === 'errored' ? ' failed' : '');
      bars.push(bar(cls, start, end || now, `wait for '${step.eventType}'` + (step.error ? ` — ${step.error.message}` : '')));
    } else {
      step.attempts.forEach((a) => {
        bars.push(bar('attempt ' + (a.success ? 'ok' : 'failed'), Date.parse(a.start), Date.parse(a.end),
          `attempt ${a.number}: ${a.success ? 'ok' : a.error.name + ': ' + a.error.message}`));
      });
      const last = step.attempts[step.attempts.length - 1];
      if (!end && step.wakeAt && last && !instance.attemptRunningSince) {
        bars.push(bar('backoff', Date.parse(last.end), Date.parse(step.wakeAt), `retry at ${step.wakeAt}`));
      }
      if (!end && instance.attemptRunningSince) {
        bars.push(bar('attempt running', Date.parse(instance.attemptRunningSince), now, 'attempt running'));
      }
    }
    const label = `${esc(step.name)}${step.count > 1 ? ' #' + step.count : ''} <small>${esc(step.type)} · ${esc(step.status)}</small>`;
    return `<div class="row" data-step="${esc(step.name)}" data-type="${esc(step.type)}" data-status="${esc(step.status)}">
      <div class="label" title="${esc(step.name)}">${label}</div><div class="track">${bars.join('')}</div></div>`;
  });
  const unfinished = instance.steps.some((s) => !s.endedAt && s.type !== 'sleep' && s.type !== 'waitForEvent');
  if (instance.attemptRunningSince && !unfinished) {
    // The first attempt of a step is recorded when it ends; until then it shows on a row of its own.
    rows.push(`<div class="row" data-step="" data-status="running"><div class="label muted">step in progress</div>
      <div class="track">${bar('attempt running', Date.parse(instance.attemptRunningSince), now, 'attempt running')}</div></div>`);
  }
  const axis = `<div class="axis"><span>${new Date(t0).toLocaleTimeString()}</span><span>${((t1 - t0) / 1000).toFixed(1)} s</span></div>`;
  return axis + (rows.join('') || '<p class="muted">No steps yet.</p>');
}

window.addEventListener('hashchange', route);
route();
