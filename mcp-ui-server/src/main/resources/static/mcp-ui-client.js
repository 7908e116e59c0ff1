/*
 * The browser side of an MCP UI page: one WebSocket to the server, identified by the page's
 * session id, with reconnects, an application ping and dispatch of messages by their "type".
 *
 *   const config = McpUi.readConfig();          // what the server put in <script id="mcp-ui-config">
 *   const client = new McpUi.Client({
 *     config,
 *     handlers: { 'get-page-data': (msg, client) => client.reply(msg, { type: '...', state }) },
 *     onStatus: (status, detail) => ...,         // 'connecting' | 'open' | 'reconnecting' | 'closed' | 'refused'
 *   });                                          // (McpUi.showStatus(element, log, id) shows it on the page)
 *
 * Messages to the session carry "seq"; the client drops any it has seen, and reconnects with
 * last_seq so the server replays what it missed. {"type":"resync"} says the gap could not be
 * filled: register a 'resync' handler to refresh the page's state then.
 *
 * A request (a message with a request_id) is answered with client.reply(request, message). When
 * whoever asked gives up (the assistant's user pressed stop), the server sends
 * {"type":"cancel","request_id":...}: a 'cancel' handler hears it, client.isCancelled(request)
 * says so afterwards, and a reply to it is not sent.
 *   client.connect();
 *
 * A reload keeps the tab's session: its id, token and the last seq it saw are kept in
 * sessionStorage, so the page reconnects to the same session (the assistant's id keeps working)
 * and gets what it missed; client.restored says so, and client.keep(key, value) / client.kept(key)
 * keep what else the page wants back (its pattern, say). Unloading closes with 4001, which keeps
 * the session for the server's resume window rather than ending it. A kept session that the
 * server no longer accepts is dropped for the one the page was given.
 *
 * In a chat host that renders MCP Apps, the same page runs as an in-chat view (config.view): the
 * client then talks to the host over postMessage (HostBridge: ui/initialize, tool input and
 * result, size changes, teardown) and connects once the tool result hands it a session
 * (structuredContent.view: session_id, token, ws_url). options.onSession(id) tells the page which
 * session it shows.
 */
(function (global) {
  'use strict';

  const DEFAULTS = {
    pingIntervalMs: 20000, // application ping ({"type":"ping"}), answered by {"type":"pong"}
    pongTimeoutMs: 10000, // no pong within this: the connection is dead, reconnect
    minBackoffMs: 500, // first reconnect delay (before jitter)
    maxBackoffMs: 15000, // reconnect delays grow to this
    restartJitterMs: 250, // after 1012 (the server restarts): reconnect within this
    // Give up ('refused') after this many connection attempts in a row that never opened: the
    // server refuses the handshake (an expired token, a forbidden origin: the browser only sees
    // code 1006) or has been unreachable for minutes (about 4 with the delays above).
    maxFailedHandshakes: 20,
  };

  const APPS_PROTOCOL_VERSION = '2026-01-26';

  /**
   * The view's side of the MCP Apps host bridge: JSON-RPC 2.0 over postMessage with the chat
   * host (window.parent). Handshake first (ui/initialize, then ui/notifications/initialized); the
   * host sends the tool's input and result after it. Reports the view's size as it changes.
   */
  class HostBridge {
    constructor(handlers) {
      this.handlers = handlers; // onToolInput, onToolResult, onToolCancelled, onTeardown
      this.nextId = 1;
      this.waiting = new Map();
      this.onMessage = (event) => this.receive(event);
    }

    start(appInfo) {
      window.addEventListener('message', this.onMessage);
      return this.request('ui/initialize', { appInfo, appCapabilities: {}, protocolVersion: APPS_PROTOCOL_VERSION })
        .then((result) => {
          this.host = result;
          this.notify('ui/notifications/initialized', {});
          this.watchSize();
          return result;
        });
    }

    /** Asks the host to put a message in the chat as the user's (where the host allows it). */
    message(text) {
      return this.request('ui/message', { role: 'user', content: { type: 'text', text } });
    }

    request(method, params) {
      const id = this.nextId++;
      return new Promise((resolve, reject) => {
        this.waiting.set(id, { resolve, reject });
        window.parent.postMessage({ jsonrpc: '2.0', id, method, params }, '*');
      });
    }

    notify(method, params) {
      window.parent.postMessage({ jsonrpc: '2.0', method, params }, '*');
    }

    receive(event) {
      const message = event.data;
      if (event.source !== window.parent || !message || message.jsonrpc !== '2.0') return;
      if (message.method === undefined) { // a response to one of our requests
        const waiter = this.waiting.get(message.id);
        if (!waiter) return;
        this.waiting.delete(message.id);
        if (message.error) waiter.reject(new Error(message.error.message));
        else waiter.resolve(message.result);
        return;
      }
      if (message.id !== undefined) this.answer(message);
      else this.dispatch(message.method, message.params || {});
    }

    answer(request) {
      const reply = (body) => window.parent.postMessage(Object.assign({ jsonrpc: '2.0', id: request.id }, body), '*');
      if (request.method === 'ui/resource-teardown') {
        if (this.handlers.onTeardown) this.handlers.onTeardown();
        reply({ result: {} });
      } else if (request.method === 'ping') {
        reply({ result: {} });
      } else {
        reply({ error: { code: -32601, message: 'Method not found: ' + request.method } });
      }
    }

    dispatch(method, params) {
      const handler = {
        'ui/notifications/tool-input': this.handlers.onToolInput,
        'ui/notifications/tool-result': this.handlers.onToolResult,
        'ui/notifications/tool-cancelled': this.handlers.onToolCancelled,
      }[method];
      if (handler) handler(params);
    }

    // The host sizes the frame to the view: report the content's height whenever it changes.
    watchSize() {
      const root = document.documentElement;
      let reported = 0;
      const measure = () => {
        const previous = root.style.height;
        root.style.height = 'max-content'; // scrollHeight would never drop below the frame
        const height = Math.ceil(root.getBoundingClientRect().height);
        root.style.height = previous;
        if (height !== reported) {
          reported = height;
          this.notify('ui/notifications/size-changed', { width: Math.ceil(window.innerWidth), height });
        }
      };
      new ResizeObserver(measure).observe(document.body);
      measure();
    }
  }

  // sessionStorage may be unavailable (a sandbox without storage): then nothing is kept.
  function readStorage(key) {
    try {
      const text = global.sessionStorage.getItem(key);
      return text === null ? null : JSON.parse(text);
    } catch (e) {
      return null;
    }
  }

  function writeStorage(key, value) {
    try {
      global.sessionStorage.setItem(key, JSON.stringify(value));
    } catch (e) {
      // not kept
    }
  }

  function removeStorage(key) {
    try {
      global.sessionStorage.removeItem(key);
    } catch (e) {
      // nothing kept
    }
  }

  function readConfig() {
    const element = document.getElementById('mcp-ui-config');
    const config = element ? JSON.parse(element.textContent) : {};
    // In the chat, what only makes sense on a page of its own (class "standalone-only") hides.
    if (config.view) document.documentElement.classList.add('in-chat');
    return config;
  }

  class Client {
    constructor(options) {
      this.options = Object.assign({}, DEFAULTS, options);
      this.config = this.options.config || readConfig();
      this.handlers = Object.assign({}, this.options.handlers);
      this.sessionId = this.config.sessionId;
      this.token = this.config.token || null;
      // The highest "seq" received. Sent back as last_seq on reconnect, so that a server that
      // keeps a replay buffer can send what was missed; options.getLastSeq may override it.
      this.lastSeq = null;
      this.storageKey = 'mcp-ui:' + (this.config.wsPath || location.pathname);
      this.restored = !this.config.view && this.restoreSession();
      if (!this.config.view) {
        // A reload is not the page leaving: the session waits for it (the server ends it after its
        // resume window if no tab comes back). Browsers would otherwise send 1001, which ends it.
        global.addEventListener('pagehide', () => {
          this.closedByPage = true;
          if (this.socket && this.socket.readyState <= 1) this.socket.close(4001, 'page unloading');
        });
      }
      this.attempt = 0;
      this.failedHandshakes = 0;
      this.socket = null;
      this.closedByPage = false;
      this.cancelled = new Set(); // request_ids the server cancelled (bounded: see dispatch)
      this.pingTimer = null;
      this.pongTimer = null;
      this.reconnectTimer = null;
    }

    connect() {
      if (this.config.view && !this.sessionId) {
        this.startView();
        return;
      }
      if (this.sessionId) this.session(this.sessionId);
      this.closedByPage = false;
      clearTimeout(this.reconnectTimer);
      const params = new URLSearchParams({ session_id: this.sessionId });
      if (this.token) params.set('token', this.token);
      const lastSeq = this.options.getLastSeq ? this.options.getLastSeq() : this.lastSeq;
      if (lastSeq !== null && lastSeq !== undefined) params.set('last_seq', String(lastSeq));
      const url = this.webSocketUrl() + '?' + params;
      this.status('connecting', { attempt: this.attempt });
      let socket;
      try {
        socket = new WebSocket(url);
      } catch (error) { // a Content-Security-Policy that does not allow the server refuses at once
        this.blocked = "the page may not connect to " + this.webSocketUrl() + ': ' + error.message;
        this.status('blocked', { reason: this.blocked });
        return;
      }
      this.socket = socket;
      let opened = false;
      socket.onopen = () => {
        opened = true;
        this.attempt = 0;
        this.failedHandshakes = 0;
        this.saveSession();
        this.status('open', { sessionId: this.sessionId });
        this.startPinging();
      };
      socket.onmessage = (event) => this.dispatch(event.data);
      socket.onclose = (event) => this.onClose(socket, event, opened);
    }

    /** Takes up the session this tab had before a reload, if it kept one. */
    restoreSession() {
      // Only a reload (or back/forward) comes back: a page opened afresh starts its own session.
      const navigation = global.performance.getEntriesByType('navigation')[0];
      if (!navigation || !['reload', 'back_forward'].includes(navigation.type)) return false;
      const saved = readStorage(this.storageKey);
      if (!saved || !saved.sessionId) return false;
      this.sessionId = saved.sessionId;
      this.token = saved.token || null;
      this.lastSeq = typeof saved.lastSeq === 'number' ? saved.lastSeq : null;
      return true;
    }

    /** The server refused the kept session (a new secret, say): start over with the page's own. */
    dropRestoredSession() {
      this.restored = false;
      this.sessionId = this.config.sessionId;
      this.token = this.config.token || null;
      this.lastSeq = null;
      removeStorage(this.storageKey);
    }

    saveSession() {
      if (this.config.view || !this.sessionId) return;
      writeStorage(this.storageKey, { sessionId: this.sessionId, token: this.token, lastSeq: this.lastSeq });
    }

    /** Keeps a value of the page's across reloads of this tab (with the session). */
    keep(key, value) {
      if (this.sessionId) writeStorage(this.storageKey + ':' + this.sessionId + ':' + key, value);
    }

    /** A value the page kept before a reload of this tab, or undefined. */
    kept(key) {
      const value = this.sessionId ? readStorage(this.storageKey + ':' + this.sessionId + ':' + key) : null;
      return value === null ? undefined : value;
    }

    webSocketUrl() {
      if (this.config.wsUrl) return this.config.wsUrl; // an in-chat view runs on another origin
      const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
      return scheme + '//' + location.host + this.config.wsPath;
    }

    /**
     * In a chat host: the handshake with the host, then a wait for the tool result that names
     * the session this view shows. Its messages so far are kept for it: it starts at last_seq 0.
     */
    startView() {
      if (window.parent === window) {
        this.status('refused', { reason: 'this view shows inside a chat that renders MCP Apps' });
        return;
      }
      if (this.bridge) return;
      this.status('waiting', { reason: 'waiting for the chat to hand over a session' });
      this.watchPolicy();
      this.bridge = new HostBridge({
        onToolInput: (params) => { this.toolInput = params.arguments || {}; },
        onToolResult: (result) => {
          const view = result.structuredContent && result.structuredContent.view;
          if (view && !this.sessionId) {
            this.sessionId = view.session_id;
            this.token = view.token || null;
            if (view.ws_url) this.config.wsUrl = view.ws_url;
            this.lastSeq = 0;
            this.connect();
          } else if (!this.sessionId) {
            const given = this.toolInput && this.toolInput.session_id;
            this.status('elsewhere', { sessionId: given, reason: given
              ? 'this call went to session ' + given + ', which shows elsewhere'
              : 'the call opened no view' });
          }
        },
        onToolCancelled: (params) => this.status('cancelled', { reason: params.reason }),
        onTeardown: () => this.close(),
      });
      this.bridge.start({ name: this.config.mcpName || 'mcp-ui-view', version: '1' })
        .catch((error) => this.status('refused', { reason: 'the chat host did not answer: ' + error.message }));
    }

    /**
     * A host whose sandbox does not allow the server's WebSocket origin blocks the connection
     * without an error the socket could see; its Content-Security-Policy report says so.
     */
    watchPolicy() {
      document.addEventListener('securitypolicyviolation', (event) => {
        const sameServer = (a, b) => { try { return new URL(a).host === new URL(b).host; } catch (e) { return false; } };
        if (this.config.wsUrl && event.blockedURI && sameServer(event.blockedURI, this.config.wsUrl)) {
          this.blocked = "the chat host's sandbox does not allow connecting to " + event.blockedURI;
          this.closedByPage = true;
          this.status('blocked', { reason: this.blocked });
        }
      });
    }

    session(id) {
      if (this.shownSession === id) return;
      this.shownSession = id;
      if (this.options.onSession) this.options.onSession(id);
    }

    /** Sends a JSON message; false if the socket is not open (the message is dropped). */
    send(message) {
      if (!this.socket || this.socket.readyState !== WebSocket.OPEN) return false;
      this.socket.send(JSON.stringify(message));
      return true;
    }

    /**
     * Answers a request from the server: the reply carries the request's request_id. Returns false
     * (and sends nothing) when the request was cancelled or the socket is not open.
     */
    reply(request, message) {
      if (this.isCancelled(request)) return false;
      return this.send(Object.assign({}, message, { request_id: request.request_id }));
    }

    /** Whether the server cancelled this request (its asker gave up): stop working on it. */
    isCancelled(request) {
      return this.cancelled.has(request.request_id);
    }

    /** Closes for good: no reconnect. */
    close() {
      this.closedByPage = true;
      this.stopPinging();
      clearTimeout(this.reconnectTimer);
      if (this.socket) this.socket.close(1000, 'page closed');
    }

    on(type, handler) {
      this.handlers[type] = handler;
    }

    dispatch(data) {
      let message;
      try {
        message = JSON.parse(data);
      } catch (e) {
        console.warn('[mcp-ui] ignored a message that is not JSON');
        return;
      }
      if (message.type === 'resync') {
        // The server could not replay everything we missed: continue after its seq, and let the
        // page refresh whatever state it keeps.
        this.lastSeq = message.seq;
      } else if (typeof message.seq === 'number') {
        if (this.lastSeq !== null && message.seq <= this.lastSeq) return; // seen already
        this.lastSeq = message.seq;
        this.saveSession();
      }
      if (message.type === 'pong') {
        clearTimeout(this.pongTimer);
        return;
      }
      if (message.type === 'cancel') {
        this.cancelled.add(message.request_id);
        if (this.cancelled.size > 1000) this.cancelled.delete(this.cancelled.values().next().value);
      }
      const handler = this.handlers[message.type];
      if (!handler) {
        if (this.options.onUnhandled) this.options.onUnhandled(message);
        return;
      }
      try {
        handler(message, this);
      } catch (e) {
        console.error('[mcp-ui] handler for ' + message.type + ' failed', e);
      }
    }

    onClose(socket, event, opened) {
      if (socket !== this.socket) return;
      this.stopPinging();
      if (this.blocked) return; // said so already: retrying cannot help
      if (this.closedByPage) {
        this.status('closed', { code: event.code, reason: event.reason });
        return;
      }
      if (!opened && this.restored) { // the kept session was refused: the page's own one instead
        this.dropRestoredSession();
        this.reconnectTimer = setTimeout(() => this.connect(), 0);
        return;
      }
      // The server refused this session for good (bad id or token): retrying cannot help.
      if (event.code === 1008 && /^invalid (session_id|token)/.test(event.reason)) {
        this.status('refused', { code: event.code, reason: event.reason });
        return;
      }
      if (!opened && ++this.failedHandshakes >= this.options.maxFailedHandshakes) {
        const reason = 'no connection after ' + this.failedHandshakes + ' attempts (server down, or the page is too old)';
        this.status('refused', { code: event.code, reason });
        return;
      }
      const ceiling = Math.min(this.options.maxBackoffMs, this.options.minBackoffMs * Math.pow(2, this.attempt));
      let delay = Math.round(ceiling / 2 + Math.random() * (ceiling / 2)); // jitter: spread reconnects
      if (opened && event.code === 1012) {
        // The server is restarting: reconnect at once (spread a little), to another server if it
        // has one; the session resumes there with what this page missed.
        delay = Math.round(Math.random() * this.options.restartJitterMs);
      }
      this.attempt++;
      this.status('reconnecting', { code: event.code, reason: event.reason, delayMs: delay, attempt: this.attempt });
      this.reconnectTimer = setTimeout(() => this.connect(), delay);
    }

    startPinging() {
      this.stopPinging();
      this.pingTimer = setInterval(() => {
        if (!this.send({ type: 'ping' })) return;
        clearTimeout(this.pongTimer);
        this.pongTimer = setTimeout(() => {
          // No pong: the connection is dead even if the browser has not noticed. Start over.
          if (this.socket) this.socket.close(4000, 'no pong');
        }, this.options.pongTimeoutMs);
      }, this.options.pingIntervalMs);
    }

    stopPinging() {
      clearInterval(this.pingTimer);
      clearTimeout(this.pongTimer);
    }

    status(status, detail) {
      if (this.options.onStatus) this.options.onStatus(status, detail);
    }
  }

  /** A small log panel helper shared by the pages: newest line first, bounded. */
  function logTo(element, maxLines) {
    return function (text) {
      const line = document.createElement('div');
      line.textContent = new Date().toLocaleTimeString() + '  ' + text;
      element.prepend(line);
      while (element.childElementCount > (maxLines || 200)) element.lastElementChild.remove();
    };
  }

  /**
   * An onStatus handler the pages share: shows the status in element (class "status <status>")
   * and logs connects, losses, refusals and what an in-chat view waits for.
   */
  function showStatus(element, log) {
    return function (status, detail) {
      element.className = 'status ' + status;
      element.textContent = status === 'open' ? 'connected' : status;
      if (status === 'open') log('Connected as session ' + detail.sessionId);
      if (status === 'reconnecting') log('Connection lost (' + detail.code + '); retrying in ' + detail.delayMs + ' ms');
      if (status === 'refused') log('The server refused this session: ' + detail.reason + '. Reload the page.');
      if (['waiting', 'blocked', 'elsewhere', 'cancelled'].includes(status)) log(detail.reason || status);
    };
  }

  global.McpUi = { Client, HostBridge, readConfig, logTo, showStatus };
})(window);
