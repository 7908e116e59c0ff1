/*
 * The operator's page (/admin): reads /admin/events, the server's state once a second as
 * server-sent events, and shows it. With --auth-token the stream needs
 * "Authorization: Bearer <token>", which EventSource cannot send: the page reads the stream with
 * fetch instead, and keeps the token in sessionStorage for this tab.
 */
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const TOKEN_KEY = 'mcp-ui:admin-token';
  const previous = new Map(); // app name -> { time, sent }: for messages per second
  let reconnectTimer = null;

  function token() {
    try {
      return sessionStorage.getItem(TOKEN_KEY);
    } catch (e) {
      return null;
    }
  }

  function status(text, kind) {
    $('status').textContent = text;
    $('status').className = 'status' + (kind ? ' ' + kind : '');
  }

  async function connect() {
    clearTimeout(reconnectTimer);
    const headers = token() ? { Authorization: 'Bearer ' + token() } : {};
    let response;
    try {
      response = await fetch('/admin/events', { headers, cache: 'no-store' });
    } catch (e) {
      return retry('server unreachable');
    }
    if (response.status === 401) {
      status('auth token needed', 'closed');
      $('token-form').hidden = false;
      return;
    }
    if (!response.ok || !response.body) return retry('HTTP ' + response.status);
    $('token-form').hidden = true;
    status('live', 'open');
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      let chunk;
      try {
        chunk = await reader.read();
      } catch (e) {
        break;
      }
      if (chunk.done) break;
      buffer += decoder.decode(chunk.value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = event.split('\n').filter((line) => line.startsWith('data: ')).map((line) => line.slice(6)).join('\n');
        if (data) show(JSON.parse(data));
      }
    }
    retry('disconnected');
  }

  function retry(why) {
    status(why + '; retrying', 'closed');
    reconnectTimer = setTimeout(connect, 2000);
  }

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function counter(value, label) {
    const box = element('div', undefined, 'counter');
    box.append(element('b', value), element('span', label));
    return box;
  }

  function table(columns, rows) {
    const result = element('table');
    const head = element('tr');
    columns.forEach(([label, numeric]) => head.append(element('th', label, numeric ? 'num' : '')));
    result.append(head);
    rows.forEach(({ cells, className }) => {
      const row = element('tr', undefined, className);
      cells.forEach((cell, i) => row.append(element('td', cell, columns[i][1] ? 'num' : '')));
      result.append(row);
    });
    return result;
  }

  function rate(app, time) {
    const before = previous.get(app.name);
    previous.set(app.name, { time, sent: app.messages_sent });
    if (!before || time <= before.time) return '–';
    return (Math.round((app.messages_sent - before.sent) / ((time - before.time) / 1000) * 10) / 10).toString();
  }

  function show(view) {
    $('server').textContent = view.server;
    $('updated').textContent = 'updated ' + new Date(view.time).toLocaleTimeString();
    $('apps').replaceChildren(...view.apps.map((app) => {
      const card = element('section', undefined, 'app');
      card.dataset.app = app.name;
      card.append(element('h2', app.name));
      const counters = element('div', undefined, 'counters');
      counters.append(
        counter(app.connections, 'connections here'),
        counter(app.session_count, 'sessions (cluster)'),
        counter(rate(app, view.time), 'messages / s'),
        counter(app.pending_requests, 'pending requests'),
        counter(app.slow_connections_closed, 'slow closed'),
        counter(app.evictions, 'evicted'),
        counter(app.requests_timed_out, 'requests timed out'),
        counter(app.handshakes_refused, 'handshakes refused'));
      card.append(counters);
      card.append(element('h3', 'Nodes (' + app.nodes.length + ')'));
      card.append(table([['node'], ['sessions', true], ['tabs', true]], app.nodes.map((node) => ({
        cells: [node.id + (node.this ? ' (this node)' : ''), node.sessions, node.tabs],
        className: node.this ? 'this node' : 'node',
      }))));
      card.append(element('h3', 'Sessions' + (app.session_count > app.sessions.length
        ? ' (first ' + app.sessions.length + ' of ' + app.session_count + ')' : '')));
      card.append(table([['session'], ['tabs', true], ['node']], app.sessions.map((session) => ({
        cells: [session.id, session.tabs, session.node], className: 'session-row',
      }))));
      return card;
    }));
    $('errors').replaceChildren(...view.recent_errors.map((error) =>
      element('li', error.at + '  ' + error.app + '  ' + error.text)));
  }

  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    try {
      sessionStorage.setItem(TOKEN_KEY, $('token').value);
    } catch (e) {
      // not kept: this load only
    }
    connect();
  });

  connect();
})();
