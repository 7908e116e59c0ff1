// Drives a server with the product's surface (the unified server as users run it, or a reference
// with the same endpoints: reference-ws.mjs, BareProductServer) and prints one JSON line of results.
// Pages connect to /button/ws?session_id=c<i>; messages go through the admin API (POST
// /api/button/sessions/c<i>/messages, POST /api/button/broadcast). Server CPU comes from
// /proc/<pid>/stat, memory is PSS from /proc/<pid>/smaps_rollup. Usage:
//   node product.mjs --url http://127.0.0.1:PORT --pid PID --clients 10000 --scenarios main
//        [--rate 2000] [--seconds 10] [--rounds 20] [--pings 5]
//   node product.mjs --url ... --pid PID --clients 2000 --scenarios slow [--slow-rounds 100]
//   node product.mjs --url ... --pid PID --scenarios unicast|ping|hold   (one load only, for a profiler)
import fs from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { args, openAll, percentile, round3, sleep } from './common.mjs';

const base = args.url || 'http://127.0.0.1:8002';
const pid = Number(args.pid);
const clientsWanted = Number(args.clients || 1000);
const scenario = args.scenarios || 'main';
const rate = Number(args.rate || 2000);
const seconds = Number(args.seconds || 10);
const rounds = Number(args.rounds || 20);
const pingRounds = Number(args.pings || 5);
const slowRounds = Number(args['slow-rounds'] || 100);
const result = { clients: clientsWanted, scenario };


/** The server's CPU time so far (user + system, all threads), in microseconds. */
function cpuMicros() {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000; // fields 14 and 15, at 100 ticks/s
}

/**
 * The server's proportional set size, in bytes: the memory it occupies (a JVM's committed heap
 * included, counted once however often ZGC maps it).
 */
function pssBytes() {
  const rollup = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  return Number(rollup.match(/^Pss:\s+(\d+) kB/m)[1]) * 1024;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
function post(path, body) {
  return new Promise((resolve) => {
    const request = http.request(base + path, { method: 'POST', agent, headers: { 'Content-Type': 'application/json' } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode));
    });
    request.on('error', () => resolve(0));
    request.end(body);
  });
}

async function waitFor(condition, timeoutMs) {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) return false;
    await sleep(1);
  }
  return true;
}

// What the clients got.
const broadcastSeen = new Map(); // t -> count
const unicastLatencies = [];
let unicastReceived = 0;
let pongs = 0;
const paused = new Set();

function onMessage(i, data) {
  if (paused.has(i)) return;
  const message = JSON.parse(data.toString());
  if (message.type === 'pong') pongs++;
  else if (message.type === 'b') broadcastSeen.set(message.t, (broadcastSeen.get(message.t) || 0) + 1);
  else if (message.type === 'm') {
    unicastReceived++;
    unicastLatencies.push(performance.now() - message.t);
  }
}

/** Opens n clients, at most 200 handshakes in flight. */
async function openClients(n) {
  const opened = await openAll(n, (i) => new Promise((resolve, reject) => {
    const ws = new WebSocket(base.replace(/^http/, 'ws') + '/button/ws?session_id=c' + i, { perMessageDeflate: false });
    ws.on('open', () => resolve(ws));
    ws.on('error', reject);
    ws.on('message', (data) => onMessage(i, data));
  }));
  return { clients: opened.clients, errors: opened.errors, perSecond: Math.round((n - opened.errors) / opened.seconds) };
}

/** Broadcast rounds through the admin API, one at a time; each ends when every counted client has it. */
async function broadcastRounds(count, padBytes, expected) {
  const pad = 'x'.repeat(padBytes);
  const completions = [];
  const cpuBefore = cpuMicros();
  for (let r = 0; r < count; r++) {
    const t = performance.now();
    const status = await post('/api/button/broadcast', JSON.stringify({ type: 'b', t, pad }));
    if (status !== 200 || !(await waitFor(() => (broadcastSeen.get(t) || 0) >= expected, 30000))) {
      return { completed: r, stalled: true };
    }
    completions.push(performance.now() - t);
    broadcastSeen.delete(t);
  }
  return {
    completed: count,
    fanOutP50Ms: round3(percentile(completions, 50)),
    fanOutP99Ms: round3(percentile(completions, 99)),
    cpuMicrosPerMessage: round3((cpuMicros() - cpuBefore) / (count * expected)),
  };
}

/** Unicasts through the admin API at `rate` per second to random pages, for `duration` seconds. */
async function unicast(n, duration) {
  const pad = 'y'.repeat(64);
  unicastLatencies.length = 0;
  unicastReceived = 0;
  const total = rate * duration;
  let sent = 0;
  let accepted = 0;
  let refused = 0;
  const cpuBefore = cpuMicros();
  const start = performance.now();
  const inFlight = [];
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
    while (sent < due) {
      const to = Math.floor(Math.random() * n);
      sent++;
      inFlight.push(
        post(`/api/button/sessions/c${to}/messages`, JSON.stringify({ type: 'm', t: performance.now(), pad })).then((status) =>
          status === 200 ? accepted++ : refused++,
        ),
      );
    }
    await sleep(1);
  }
  const offeredSeconds = (performance.now() - start) / 1000;
  await Promise.all(inFlight);
  await waitFor(() => unicastReceived >= accepted, 10000);
  return {
    offeredPerSecond: Math.round(sent / offeredSeconds),
    accepted,
    refused,
    lost: accepted - unicastReceived,
    p50Ms: round3(percentile(unicastLatencies, 50)),
    p99Ms: round3(percentile(unicastLatencies, 99)),
    cpuMicrosPerMessage: round3((cpuMicros() - cpuBefore) / accepted),
  };
}

/** Every client pings `count` times (one at a time per client); CPU per ping answered. */
async function pingRoundsRun(clients, count) {
  pongs = 0;
  const live = clients.filter(Boolean);
  const cpuBefore = cpuMicros();
  for (let r = 1; r <= count; r++) {
    live.forEach((ws) => ws.send('{"type":"ping"}'));
    await waitFor(() => pongs >= live.length * r, 30000);
  }
  return { pings: pongs, cpuMicrosPerPing: round3((cpuMicros() - cpuBefore) / pongs) };
}

if (scenario === 'main') {
  await sleep(1000);
  const before = pssBytes();
  const opened = await openClients(clientsWanted);
  const live = clientsWanted - opened.errors;
  result.connect = { perSecond: opened.perSecond, errors: opened.errors };
  await sleep(2000);
  result.memory = { pssPerConnectionBytes: Math.round((pssBytes() - before) / live) };
  await pingRoundsRun(opened.clients, 1); // warm-up
  result.ping = await pingRoundsRun(opened.clients, pingRounds);
  await broadcastRounds(3, 256, live); // warm-up
  result.broadcast = await broadcastRounds(rounds, 256, live);
  await unicast(clientsWanted, Math.min(3, seconds)); // warm-up
  result.unicast = await unicast(clientsWanted, seconds);
  opened.clients.forEach((ws) => ws && ws.terminate());
} else if (scenario === 'hold') {
  // Idle connections for `seconds`, to look at the server meanwhile (a heap histogram, say).
  const opened = await openClients(clientsWanted);
  console.error('connected ' + (clientsWanted - opened.errors));
  await sleep(seconds * 1000);
  opened.clients.forEach((ws) => ws && ws.terminate());
} else if (scenario === 'unicast' || scenario === 'ping') {
  // One load for a while, for a profiler: connect, warm up, then only this.
  const opened = await openClients(clientsWanted);
  if (scenario === 'unicast') {
    await unicast(clientsWanted, 3);
    result.unicast = await unicast(clientsWanted, seconds);
  } else {
    await pingRoundsRun(opened.clients, 2);
    result.ping = await pingRoundsRun(opened.clients, pingRounds);
  }
  opened.clients.forEach((ws) => ws && ws.terminate());
} else if (scenario === 'slow') {
  const opened = await openClients(clientsWanted);
  const payload = Number(args['slow-payload'] || 16 * 1024);
  await broadcastRounds(3, payload, clientsWanted); // warm-up
  result.baseline = await broadcastRounds(slowRounds / 2, payload, clientsWanted);
  const memoryBefore = pssBytes();
  const slow = opened.clients.map((ws, i) => i).filter((i) => i % 100 === 0);
  slow.forEach((i) => {
    paused.add(i);
    opened.clients[i]._socket.pause(); // stops reading: the server's writes pile up
  });
  result.slow = await broadcastRounds(slowRounds, payload, clientsWanted - slow.length);
  result.slow.pausedClients = slow.length;
  result.slow.fanOutRatio = round3(result.slow.fanOutP50Ms / result.baseline.fanOutP50Ms);
  result.slow.memoryGrowthBytes = pssBytes() - memoryBefore;
  opened.clients.forEach((ws) => ws && ws.terminate());
}
agent.destroy();
console.log(JSON.stringify(result));
process.exit(0);
