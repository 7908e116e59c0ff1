// Drives a running server over real WebSockets (and HTTP for the admin API) and prints one JSON
// line of results. The server speaks the control protocol of io.mcpui.bench.server, or is the
// unified server (scenario "requests"). Usage:
//   node loadgen.mjs --url http://127.0.0.1:PORT[,http://...] --clients 10000 --pid PID
//                    --scenarios memory,broadcast,unicast,slow [--rate 5000] [--seconds 10]
//   node loadgen.mjs --url http://127.0.0.1:PORT --scenarios requests --clients 1000 --concurrency 64
import fs from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { args, openAll, percentile, round3, sleep } from './common.mjs';

const urls = (args.url || 'http://127.0.0.1:8002').split(',');
const clientsWanted = Number(args.clients || 1000);
const scenarios = (args.scenarios || 'memory,broadcast,unicast,slow').split(',');
const rate = Number(args.rate || 5000);
const seconds = Number(args.seconds || 10);
const rounds = Number(args.rounds || 20);
const slowRounds = Number(args['slow-rounds'] || 300);
const concurrency = Number(args.concurrency || 64);
const pid = args.pid ? Number(args.pid) : null;
const wsPath = args['ws-path'] || '/ws';
const result = { clients: clientsWanted, nodes: urls.length };


function rssBytes() {
  if (!pid) return null;
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = status.match(/VmRSS:\s+(\d+) kB/);
  return match ? Number(match[1]) * 1024 : null;
}

function getJson(base, path) {
  return new Promise((resolve, reject) => {
    http.get(base + path, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode, body }));
    }).on('error', reject);
  });
}

/** Opens one WebSocket; the handler sees every parsed message. */
function open(url, sessionId, onMessage) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url.replace(/^http/, 'ws') + wsPath + '?session_id=' + sessionId, { perMessageDeflate: false });
    ws.on('open', () => resolve(ws));
    ws.on('error', reject);
    ws.on('message', (data) => onMessage(JSON.parse(data.toString()), ws));
  });
}

/** Opens n clients, at most 200 handshakes in flight, spread over the nodes. */
function openClients(n, prefix, onMessage) {
  return openAll(n, (i) => open(urls[i % urls.length], prefix + i, (message, ws) => onMessage(i, message, ws)));
}

// Receivers: what each client got, per kind.
const broadcastSeen = new Map(); // round -> count
const latencies = { b: [], m: [], local: [], cross: [] };
let unicastReceived = 0;
let collecting = false;
const paused = new Set();

function onClientMessage(i, message) {
  if (paused.has(i)) return;
  const now = performance.now();
  if (message.type === 'b') {
    broadcastSeen.set(message.t, (broadcastSeen.get(message.t) || 0) + 1);
    if (collecting) latencies.b.push(now - message.t);
  } else if (message.type === 'm') {
    unicastReceived++;
    if (collecting) {
      latencies.m.push(now - message.t);
      // With several nodes the controller talks to the first: clients on the others are a hop away.
      if (urls.length > 1) (i % urls.length === 0 ? latencies.local : latencies.cross).push(now - message.t);
    }
  }
}

async function waitFor(condition, timeoutMs) {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) return false;
    await sleep(1);
  }
  return true;
}

/** Broadcast rounds, one at a time; each ends when every counted client has it. */
async function broadcastRounds(control, count, padBytes, expected, timeoutMs) {
  const pad = 'x'.repeat(padBytes);
  const completions = [];
  latencies.b = [];
  collecting = true;
  for (let r = 0; r < count; r++) {
    const t = performance.now();
    control.send(JSON.stringify({ type: 'broadcast', t, pad }));
    const done = await waitFor(() => (broadcastSeen.get(t) || 0) >= expected, timeoutMs);
    if (!done) {
      collecting = false;
      return { completed: r, stalled: true, completionP50Ms: round3(percentile(completions, 50)) };
    }
    completions.push(performance.now() - t);
    broadcastSeen.delete(t);
  }
  collecting = false;
  return {
    completed: count,
    stalled: false,
    payloadBytes: padBytes,
    completionP50Ms: round3(percentile(completions, 50)),
    completionP99Ms: round3(percentile(completions, 99)),
    perClientP50Ms: round3(percentile(latencies.b, 50)),
    perClientP99Ms: round3(percentile(latencies.b, 99)),
  };
}

async function unicast(control, n, durationSeconds) {
  const pad = 'y'.repeat(64);
  latencies.m = [];
  latencies.local = [];
  latencies.cross = [];
  unicastReceived = 0;
  collecting = true;
  const total = rate * durationSeconds;
  const start = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
    while (sent < due) {
      const to = Math.floor(Math.random() * n);
      control.send(JSON.stringify({ type: 'relay', to: 's' + to, t: performance.now(), pad }));
      sent++;
    }
    await sleep(1);
  }
  const offeredSeconds = (performance.now() - start) / 1000;
  await waitFor(() => unicastReceived >= sent, 10000);
  collecting = false;
  return {
    offeredPerSecond: Math.round(sent / offeredSeconds),
    sent,
    received: unicastReceived,
    lost: sent - unicastReceived,
    p50Ms: round3(percentile(latencies.m, 50)),
    p99Ms: round3(percentile(latencies.m, 99)),
    p999Ms: round3(percentile(latencies.m, 99.9)),
    ...(urls.length > 1
      ? {
          sameNodeP50Ms: round3(percentile(latencies.local, 50)),
          sameNodeP99Ms: round3(percentile(latencies.local, 99)),
          crossNodeP50Ms: round3(percentile(latencies.cross, 50)),
          crossNodeP99Ms: round3(percentile(latencies.cross, 99)),
        }
      : {}),
  };
}

async function stats(base) {
  const { body } = await getJson(base, '/stats');
  return JSON.parse(body);
}

async function controlSuite() {
  const base = urls[0];
  const before = scenarios.includes('memory') ? { ...(await stats(base)), rss: rssBytes() } : null;
  const opened = await openClients(clientsWanted, 's', onClientMessage);
  const clients = opened.clients;
  result.connect = { seconds: round3(opened.seconds), errors: opened.errors };
  const control = await open(base, 'ctl', () => {});
  if (before) {
    await sleep(1000);
    const after = { ...(await stats(base)), rss: rssBytes() };
    result.memory = {
      connections: after.connections,
      heapPerConnectionBytes: Math.round((after.heapUsedAfterGc - before.heapUsedAfterGc) / clientsWanted),
      rssPerConnectionBytes: after.rss && before.rss ? Math.round((after.rss - before.rss) / clientsWanted) : null,
    };
  }
  if (scenarios.includes('broadcast')) {
    await broadcastRounds(control, 3, 256, clientsWanted, 30000); // warm-up
    result.broadcast = await broadcastRounds(control, rounds, 256, clientsWanted, 30000);
  }
  if (scenarios.includes('unicast')) {
    await unicast(control, clientsWanted, Math.min(3, seconds)); // warm-up, not counted
    result.unicast = await unicast(control, clientsWanted, seconds);
  }
  if (scenarios.includes('slow')) {
    const payload = Number(args['slow-payload'] || 16 * 1024);
    const baselineRounds = Number(args['baseline-rounds'] || 50);
    result.slowBaseline = await broadcastRounds(control, baselineRounds, payload, clientsWanted, 30000);
    const slow = clients.map((ws, i) => i).filter((i) => i % 100 === 0);
    slow.forEach((i) => {
      paused.add(i);
      clients[i]._socket.pause(); // stops reading: the server's writes pile up
    });
    const healthy = clientsWanted - slow.length;
    result.slow = await broadcastRounds(control, slowRounds, payload, healthy, 20000);
    result.slow.slowClients = slow.length;
    result.slow.heapUsedAfterGcBytes = (await stats(base)).heapUsedAfterGc;
    result.slow.rssBytes = rssBytes();
    slow.forEach((i) => clients[i].terminate());
  }
  clients.forEach((ws) => ws && ws.terminate());
  control.terminate();
}

/** Requests through the admin API of the unified server: pages answer, HTTP asks. */
async function requestSuite() {
  const base = urls[0];
  const opened = await openClients(clientsWanted, 'p', (i, message, ws) => {
    if (message.request_id) {
      ws.send(JSON.stringify({ type: 'button-state-response', request_id: message.request_id, state: { ok: true } }));
    }
  });
  result.connect = { seconds: round3(opened.seconds), errors: opened.errors };
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  let rtts = [];
  let failed = 0;
  let done = 0;
  let deadline = performance.now() + Math.min(3, seconds) * 1000; // warm-up, not counted
  async function worker(w) {
    while (performance.now() < deadline) {
      const session = 'p' + Math.floor(Math.random() * clientsWanted);
      const t = performance.now();
      const status = await new Promise((resolve) => {
        const request = http.request(base + `/api/button/sessions/${session}/requests`, { method: 'POST', agent }, (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode));
        });
        request.on('error', () => resolve(0));
        request.end('{"type":"get-page-data"}');
      });
      rtts.push(performance.now() - t);
      if (status === 200) done++;
      else failed++;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  rtts = [];
  failed = 0;
  done = 0;
  deadline = performance.now() + seconds * 1000;
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const elapsed = (performance.now() - start) / 1000;
  const metrics = (await getJson(base, '/metrics')).body;
  const pending = metrics.match(/mcpui_requests_pending\{app="button"\} ([0-9.]+)/);
  result.requests = {
    concurrency,
    perSecond: Math.round(done / elapsed),
    ok: done,
    failed,
    p50Ms: round3(percentile(rtts, 50)),
    p99Ms: round3(percentile(rtts, 99)),
    pendingAfter: pending ? Number(pending[1]) : null,
  };
  opened.clients.forEach((ws) => ws && ws.terminate());
  agent.destroy();
}

if (scenarios.includes('requests')) {
  await requestSuite();
} else {
  await controlSuite();
}
console.log(JSON.stringify(result));
process.exit(0);
