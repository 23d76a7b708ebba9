// The Stepwise dashboard: plain JavaScript over the service's REST API, no build step.
// Views (by the URL's hash): #/ workflows, #/recent instances of every workflow, #/find?id=ID an
// instance by id, #/w/NAME instances, #/w/NAME/i/ID one instance. Lists refresh themselves every
// few seconds; an instance page follows the instance live.
'use strict';

const API = '/api/workflows';
const STATUSES = ['queued', 'running', 'paused', 'waiting', 'waitingForPause', 'errored', 'terminated', 'complete'];
const FINAL = ['complete', 'errored', 'terminated'];
const LIST_REFRESH_MS = 3000;
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

// A call under /api/workflows; request() takes any path of the API.
function api(path, options) {
  return request(API + path, options);
}

async function request(url, options) {
  const init = Object.assign({}, options || {});
  init.headers = headers(init.body !== undefined ? { 'Content-Type': 'application/json' } : {});
  const response = await fetch(url, init);
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

// Times as the service and the CLI write them (ISO 8601, UTC), so they read the same everywhere.
function time(iso) {
  return iso ? esc(iso) : '-';
}

function duration(ms) {
  if (!Number.isFinite(ms)) return '-';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;
  if (ms < 3600000) return `${Math.floor(ms / 60000)} min ${Math.round((ms % 60000) / 1000)} s`;
  if (ms < 86400000) return `${Math.floor(ms / 3600000)} h ${Math.round((ms % 3600000) / 60000)} min`;
  return `${Math.floor(ms / 86400000)} d ${Math.round((ms % 86400000) / 3600000)} h`;
}

// Calls refresh every LIST_REFRESH_MS until the view is left. Tied to the view that started it:
// a view that finished loading after the user moved on never starts one, and a refresh under way
// when the user left draws nothing.
function refreshEvery(refresh) {
  const mine = viewSeq;
  const timer = setInterval(() => {
    if (mine !== viewSeq) {
      clearInterval(timer);
      return;
    }
    refresh().then(() => {}, (error) => { if (mine === viewSeq) failed(error); });
  }, LIST_REFRESH_MS);
  leaveView = () => clearInterval(timer);
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

document.getElementById('search').addEventListener('submit', (e) => {
  e.preventDefault();
  const input = document.getElementById('search-id');
  const id = input.value.trim();
  input.value = '';
  if (id) location.hash = `#/find?${new URLSearchParams({ id })}`;
});

// ---- Routing ----

let leaveView = () => {};
// Counts the views shown: a view's late work (a refresh, a load that ends after the user moved on)
// checks it is still the current one before it draws.
let viewSeq = 0;

function leave() {
  viewSeq += 1;
  leaveView();
  leaveView = () => {};
}

function route() {
  leave();
  show('');
  view.innerHTML = '<p class="muted">Loading…</p>';
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query] = hash.split('?');
  const params = new URLSearchParams(query || '');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  let rendering;
  if (parts[0] === 'w' && parts.length === 2) rendering = workflowView(parts[1], params);
  else if (parts[0] === 'recent') rendering = recentView(params);
  else if (parts[0] === 'find') rendering = findView(params.get('id') || '');
  else if (parts[0] === 'w' && parts[2] === 'i' && parts.length === 4) rendering = instanceView(parts[1], parts[3]);
  else rendering = workflowsView();
  rendering.catch(failed);
}

function failed(error) {
  if (error instanceof ApiError && error.status === 401) {
    leave(); // no refresh may redraw over the key form
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
  const mine = viewSeq;
  const workflows = await api('');
  if (mine !== viewSeq) return;
  view.innerHTML = `
    <h1>Workflows</h1>
    <table id="workflows">
      <thead><tr><th>Name</th><th>Params</th>${STATUSES.map((s) => `<th>${esc(s)}</th>`).join('')}</tr></thead>
      <tbody>${workflowRows(workflows)}</tbody>
    </table>
    <p><a href="#/recent">Recent instances of every workflow →</a></p>`;
  refreshEvery(async () => {
    const body = document.querySelector('#workflows tbody');
    const rows = workflowRows(await api(''));
    if (body && body.innerHTML !== rows) body.innerHTML = rows;
  });
}

function workflowRows(workflows) {
  return workflows.map((w) => `
        <tr data-workflow="${esc(w.name)}">
          <td><a href="#/w/${seg(w.name)}">${esc(w.name)}</a></td>
          <td class="muted">${esc(w.paramsType)}</td>
          ${STATUSES.map((s) => {
            const n = (w.instances || {})[s] || 0;
            return `<td class="num ${n ? '' : 'zero'}" data-status="${s}">${n ? `<a href="#/w/${seg(w.name)}?status=${s}">${n}</a>` : 0}</td>`;
          }).join('')}
        </tr>`).join('');
}

// ---- Instances across workflows ----

function instanceRows(instances, withWorkflow) {
  const cells = withWorkflow ? 6 : 5;
  return instances.map((i) => `
        <tr data-instance="${esc(i.id)}" data-workflow="${esc(i.workflow)}">
          <td><a href="#/w/${seg(i.workflow)}/i/${seg(i.id)}">${esc(i.id)}</a></td>
          ${withWorkflow ? `<td><a href="#/w/${seg(i.workflow)}">${esc(i.workflow)}</a></td>` : ''}
          <td>${statusBadge(i.status)}</td><td>${time(i.createdAt)}</td><td>${time(i.startedAt)}</td><td>${time(i.endedAt)}</td>
        </tr>`).join('') || `<tr><td colspan="${cells}" class="muted">No instances.</td></tr>`;
}

function instanceTable(instances, withWorkflow) {
  return `<table id="instances">
      <thead><tr><th>Instance</th>${withWorkflow ? '<th>Workflow</th>' : ''}<th>Status</th><th>Created</th><th>Started</th><th>Ended</th></tr></thead>
      <tbody>${instanceRows(instances, withWorkflow)}</tbody>
    </table>`;
}

// Replaces a list's rows when they changed (the first page only: a later page stays as it was).
function followRows(load, withWorkflow) {
  refreshEvery(async () => {
    const rows = instanceRows((await load()).instances, withWorkflow);
    const body = document.querySelector('#instances tbody');
    if (body && body.innerHTML !== rows) body.innerHTML = rows;
  });
}

function statusFilter(status) {
  return `<label>Status <select id="status-filter">
        <option value="">all</option>
        ${STATUSES.map((s) => `<option ${s === status ? 'selected' : ''}>${s}</option>`).join('')}
      </select></label>`;
}

async function recentView(params) {
  const status = params.get('status') || '';
  const cursor = params.get('cursor') || '';
  crumbs([['Workflows', '#/'], ['Recent instances']]);
  const query = new URLSearchParams({ limit: '25' });
  if (status) query.set('status', status);
  if (cursor) query.set('cursor', cursor);
  const load = () => request(`/api/instances?${query}`);
  const mine = viewSeq;
  const page = await load();
  if (mine !== viewSeq) return;
  const here = (extra) => `#/recent?${new URLSearchParams(Object.assign(status ? { status } : {}, extra))}`;
  view.innerHTML = `
    <h1>Recent instances</h1>
    <div class="toolbar">
      ${statusFilter(status)}
      ${cursor ? `<a href="${here({})}">First page</a>` : ''}
      ${page.nextCursor ? `<a id="next-page" href="${here({ cursor: page.nextCursor })}">Next page →</a>` : ''}
    </div>
    ${instanceTable(page.instances, true)}`;
  document.getElementById('status-filter').addEventListener('change', (e) => {
    location.hash = e.target.value ? `#/recent?status=${e.target.value}` : '#/recent';
  });
  if (!cursor) followRows(load, true);
}

// An instance by id alone: opened at once when one workflow has it, listed when several do.
async function findView(id) {
  crumbs([['Workflows', '#/'], [`Find ${id}`]]);
  const mine = viewSeq;
  const found = await request(`/api/instances?${new URLSearchParams({ id, limit: '100' })}`);
  if (mine !== viewSeq) return;
  if (found.instances.length === 1) {
    const i = found.instances[0];
    location.replace(`#/w/${seg(i.workflow)}/i/${seg(i.id)}`);
    return;
  }
  view.innerHTML = `<h1>Instances with id ${esc(id)}</h1>
    ${found.instances.length ? instanceTable(found.instances, true) : `<p class="muted" id="not-found">No workflow has an instance with id ${esc(id)}.</p>`}`;
}

// ---- Instances of a workflow ----

async function workflowView(workflow, params) {
  const status = params.get('status') || '';
  const cursor = params.get('cursor') || '';
  crumbs([['Workflows', '#/'], [workflow]]);
  const query = new URLSearchParams({ limit: '25' });
  if (status) query.set('status', status);
  if (cursor) query.set('cursor', cursor);
  const load = () => api(`/${seg(workflow)}/instances?${query}`);
  const mine = viewSeq;
  const [page, described] = await Promise.all([load(), api(`/${seg(workflow)}`)]);
  if (mine !== viewSeq) return;
  const here = (extra) => `#/w/${seg(workflow)}?${new URLSearchParams(Object.assign(status ? { status } : {}, extra))}`;
  view.innerHTML = `
    <h1>${esc(workflow)}</h1>
    <div class="toolbar">
      ${statusFilter(status)}
      ${cursor ? `<a href="${here({})}">First page</a>` : ''}
      ${page.nextCursor ? `<a id="next-page" href="${here({ cursor: page.nextCursor })}">Next page →</a>` : ''}
    </div>
    ${instanceTable(page.instances, false)}
    <form id="trigger-form" class="card">
      <h2>New instance</h2>
      ${paramsHelp(described)}
      <p><input id="trigger-id" placeholder="id (optional)"></p>
      <textarea id="trigger-params" placeholder="params as JSON">${esc(paramsSkeleton(described.paramsSchema))}</textarea>
      <p><button type="submit">Create</button></p>
    </form>`;
  if (!cursor) followRows(load, false);
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

// The params' JSON Schema as a table of fields, so the form says what to give.
function paramsHelp(described) {
  const schema = described.paramsSchema || {};
  const fields = Object.entries(schema.properties || {});
  const required = schema.required || [];
  if (!fields.length) return `<p class="muted">Params: ${esc(described.paramsType)} (${esc(kind(schema))})</p>`;
  return `<p class="muted">Params: ${esc(described.paramsType)}; no other fields are accepted.</p>
    <table id="params-fields" class="compact">
      <thead><tr><th>Field</th><th>Type</th><th>Required</th><th>Default</th><th>Description</th></tr></thead>
      <tbody>${fields.map(([name, field]) => `
        <tr data-field="${esc(name)}"><td><code>${esc(name)}</code></td><td>${esc(kind(field))}</td>
          <td>${required.includes(name) ? 'yes' : 'no'}</td>
          <td>${'default' in field ? `<code>${esc(JSON.stringify(field.default))}</code>` : '-'}</td>
          <td class="wrap">${esc(field.description || '')}</td></tr>`).join('')}
      </tbody>
    </table>`;
}

function kind(schema) {
  if (schema.enum) return 'one of ' + schema.enum.join(', ');
  if (Array.isArray(schema.type)) return schema.type.join(' or ');
  return schema.type || 'any';
}

// A starting point for the params: every required field (empty) and every default.
function paramsSkeleton(schema) {
  if (!schema || !schema.properties) return '';
  const empty = { string: '', integer: 0, number: 0, boolean: false, array: [], object: {} };
  const skeleton = {};
  Object.entries(schema.properties).forEach(([name, field]) => {
    if ('default' in field) skeleton[name] = field.default;
    else if ((schema.required || []).includes(name)) skeleton[name] = empty[field.type] !== undefined ? empty[field.type] : null;
  });
  return Object.keys(skeleton).length ? JSON.stringify(skeleton, null, 2) : '';
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
    // An ended instance takes no events (the service answers 409): no form for one.
    document.getElementById('event-form').hidden = this.ended();
    const steps = stepsHtml(i);
    const table = document.getElementById('steps');
    // Redrawn only when it changed, so an expanded output or trace stays open across updates.
    if (table.dataset.drawn !== steps) {
      const open = [...table.querySelectorAll('details[open]')].map((d) => d.dataset.key);
      table.innerHTML = steps;
      table.dataset.drawn = steps;
      open.forEach((key) => {
        const details = table.querySelector(`details[data-key="${CSS.escape(key)}"]`);
        if (details) details.open = true;
      });
    }
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
      <h2>Steps</h2>
      <table id="steps"></table>
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

// ---- Steps: every step with its attempts, output and what it waits for ----

function stepsHtml(instance) {
  const rows = instance.steps.map((step) => {
    const key = `${step.type}|${step.name}|${step.count}`;
    const start = step.startedAt ? Date.parse(step.startedAt) : null;
    const took = start && step.endedAt ? duration(Date.parse(step.endedAt) - start) : '-';
    let next = '-';
    if (!step.endedAt && step.type === 'waitForEvent') {
      next = `event '${esc(step.eventType)}'` + (step.wakeAt ? `, times out at ${time(step.wakeAt)}` : '');
    } else if (!step.endedAt && step.wakeAt) {
      next = (step.type === 'sleep' ? 'wakes at ' : 'retry at ') + time(step.wakeAt);
    }
    const attempts = (step.attempts || []).map((a) => `
        <li data-attempt="${esc(a.number)}" class="${a.success ? 'ok' : 'failed'}">#${esc(a.number)} · ${time(a.start)} · ${duration(Date.parse(a.end) - Date.parse(a.start))} ·
          ${a.success ? 'ok' : `<span class="error">${esc(a.error.name)}: ${esc(a.error.message)}</span>
          ${a.error.trace ? `<details data-key="${esc(key)}|trace|${a.number}"><summary>trace</summary><pre>${esc(a.error.trace)}</pre></details>` : ''}`}</li>`).join('');
    const output = step.output !== null && step.output !== undefined
      ? `<details data-key="${esc(key)}|output"><summary>${esc(preview(step.output))}</summary><pre>${esc(JSON.stringify(step.output, null, 2))}</pre></details>`
      : step.error ? `<span class="error">${esc(step.error.name)}: ${esc(step.error.message)}</span>` : '-';
    return `<tr data-step="${esc(step.name)}" data-type="${esc(step.type)}">
      <td class="wrap">${esc(step.name)}${step.count > 1 ? ' #' + esc(step.count) : ''}</td><td>${esc(step.type)}</td>
      <td>${statusBadge(step.status)}</td><td>${time(step.startedAt)}</td><td>${took}</td>
      <td class="wrap">${attempts ? `<ol class="attempts">${attempts}</ol>` : '-'}</td>
      <td class="wrap">${next}</td><td class="wrap output">${output}</td></tr>`;
  });
  return `<thead><tr><th>Step</th><th>Type</th><th>Status</th><th>Started</th><th>Took</th><th>Attempts</th><th>Next</th><th>Output</th></tr></thead>
    <tbody>${rows.join('') || '<tr><td colspan="8" class="muted">No steps yet.</td></tr>'}</tbody>`;
}

// The first characters of a JSON value, to show it collapsed.
function preview(value) {
  const text = JSON.stringify(value);
  return text.length > 60 ? text.slice(0, 57) + '…' : text;
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
      step.attempts.forEach((a, n) => {
        const previous = step.attempts[n - 1];
        if (previous && !previous.success) {
          // the back-off this attempt waited out, drawn as the pending one is
          bars.push(bar('backoff past', Date.parse(previous.end), Date.parse(a.start), `back-off before attempt ${a.number}`));
        }
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
  return axisHtml(t0, t1) + (rows.join('') || '<p class="muted">No steps yet.</p>');
}

// Ticks at a round step (1, 2 or 5 times a power of ten of milliseconds, or whole minutes, hours
// and days), about six across, each labelled with the time since the instance started.
function axisHtml(t0, t1) {
  const span = t1 - t0;
  const rounds = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 15000, 30000, 60000, 120000, 300000,
    600000, 900000, 1800000, 3600000, 7200000, 21600000, 43200000, 86400000, 172800000, 604800000];
  const step = rounds.find((r) => span / r <= 6) || Math.ceil(span / 6);
  const ticks = [];
  for (let t = 0; t < span; t += step) {
    ticks.push(`<span class="tick" style="left:${((t / span) * 100).toFixed(2)}%">${t === 0 ? time(new Date(t0).toISOString()) : '+' + duration(t)}</span>`);
  }
  return `<div class="axis" title="time since the instance started">${ticks.join('')}</div>`;
}

window.addEventListener('hashchange', route);
route();
