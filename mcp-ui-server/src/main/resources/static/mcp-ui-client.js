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
 */
(function (global) {
  'use strict';

  const DEFAULTS = {
    pingIntervalMs: 20000, // application ping ({"type":"ping"}), answered by {"type":"pong"}
    pongTimeoutMs: 10000, // no pong within this: the connection is dead, reconnect
    minBackoffMs: 500, // first reconnect delay (before jitter)
    maxBackoffMs: 15000, // reconnect delays grow to this
    // Give up ('refused') after this many connection attempts in a row that never opened: the
    // server refuses the handshake (an expired token, a forbidden origin: the browser only sees
    // code 1006) or has been unreachable for minutes (about 4 with the delays above).
    maxFailedHandshakes: 20,
  };

  function readConfig() {
    const element = document.getElementById('mcp-ui-config');
    return element ? JSON.parse(element.textContent) : {};
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
      this.closedByPage = false;
      clearTimeout(this.reconnectTimer);
      const params = new URLSearchParams({ session_id: this.sessionId });
      if (this.token) params.set('token', this.token);
      const lastSeq = this.options.getLastSeq ? this.options.getLastSeq() : this.lastSeq;
      if (lastSeq !== null && lastSeq !== undefined) params.set('last_seq', String(lastSeq));
      const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
      const url = scheme + '//' + location.host + this.config.wsPath + '?' + params;
      this.status('connecting', { attempt: this.attempt });
      const socket = new WebSocket(url);
      this.socket = socket;
      let opened = false;
      socket.onopen = () => {
        opened = true;
        this.attempt = 0;
        this.failedHandshakes = 0;
        this.status('open', {});
        this.startPinging();
      };
      socket.onmessage = (event) => this.dispatch(event.data);
      socket.onclose = (event) => this.onClose(socket, event, opened);
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
      if (this.closedByPage) {
        this.status('closed', { code: event.code, reason: event.reason });
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
      const delay = Math.round(ceiling / 2 + Math.random() * (ceiling / 2)); // jitter: spread reconnects
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
   * and logs connects, losses and refusals.
   */
  function showStatus(element, log, sessionId) {
    return function (status, detail) {
      element.className = 'status ' + status;
      element.textContent = status === 'open' ? 'connected' : status;
      if (status === 'open') log('Connected as session ' + sessionId);
      if (status === 'reconnecting') log('Connection lost (' + detail.code + '); retrying in ' + detail.delayMs + ' ms');
      if (status === 'refused') log('The server refused this session: ' + detail.reason + '. Reload the page.');
    };
  }

  global.McpUi = { Client, readConfig, logTo, showStatus };
})(window);
