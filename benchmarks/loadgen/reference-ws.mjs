// The fastest common peer, as a reference: Node's `ws` with the product's surface. Pages on
// /button/ws?session_id=… (a {"type":"ping"} is answered with a pong); POST
// /api/button/sessions/{id}/messages and POST /api/button/broadcast send their JSON body as it is.
// A Map of sockets and ws.send. Usage: node reference-ws.mjs --port N; prints "ready <port>".
import http from 'node:http';
import { WebSocketServer } from 'ws';

const port = Number(process.argv[process.argv.indexOf('--port') + 1] || 0);
const sessions = new Map();
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
const PING = '{"type":"ping"}';
const PONG = '{"type":"pong"}';

const server = http.createServer((request, response) => {
  let body = '';
  request.setEncoding('utf8');
  request.on('data', (chunk) => (body += chunk));
  request.on('end', () => {
    let message;
    try {
      message = JSON.parse(body);
    } catch (e) {
      message = null;
    }
    if (request.method !== 'POST' || message === null || typeof message !== 'object' || Array.isArray(message)) {
      response.writeHead(400).end();
      return;
    }
    let delivered = 0;
    const match = request.url.match(/^\/api\/button\/sessions\/([^/]+)\/messages$/);
    if (request.url === '/api/button/broadcast') {
      for (const socket of wss.clients) {
        socket.send(body);
        delivered++;
      }
    } else if (match) {
      const socket = sessions.get(match[1]);
      if (!socket) {
        response.writeHead(404).end();
        return;
      }
      socket.send(body);
      delivered = 1;
    } else {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': 'application/json' }).end(`{"delivered":${delivered}}`);
  });
});

server.on('upgrade', (request, socket, head) => {
  const url = new URL(request.url, 'http://localhost');
  if (url.pathname !== '/button/ws') {
    socket.destroy();
    return;
  }
  wss.handleUpgrade(request, socket, head, (ws) => {
    const id = url.searchParams.get('session_id');
    if (id) sessions.set(id, ws);
    ws.on('message', (data) => {
      if (data.toString() === PING) ws.send(PONG);
    });
    ws.on('close', () => {
      if (id && sessions.get(id) === ws) sessions.delete(id);
    });
  });
});

server.listen(port, '127.0.0.1', 1024, () => console.log('ready ' + server.address().port + ' node-ws'));
