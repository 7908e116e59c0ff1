// Summarizes a run-product.sh run: for each figure, the median and range over rounds of each
// server, and the same-run ratios (each round's ours / reference, then their median and range).
// Usage: node summarize-product.mjs <results dir>
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
const runs = {}; // label -> server -> suite -> [results by round]
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const [suite, label, server, round] = file.replace('.json', '').match(/^(main|slow)-(.+)-(ours-g1|ours|bare|node)-(\d+)$/).slice(1);
  const text = fs.readFileSync(path.join(dir, file), 'utf8').trim();
  if (!text) continue;
  (((runs[label] ??= {})[server] ??= {})[suite] ??= [])[Number(round) - 1] = JSON.parse(text);
}

const median = (xs) => {
  const s = xs.filter((x) => x !== null && x !== undefined && !Number.isNaN(x)).sort((a, b) => a - b);
  if (s.length === 0) return null;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (x) => (x === null ? '–' : Math.abs(x) >= 100 ? String(Math.round(x)) : String(Math.round(x * 100) / 100));
const spread = (xs) => {
  const s = xs.filter((x) => x !== null && x !== undefined).sort((a, b) => a - b);
  return s.length === 0 ? '–' : `${fmt(median(s))} (${fmt(s[0])}–${fmt(s[s.length - 1])})`;
};
const get = (object, key) => key.split('.').reduce((o, k) => (o === undefined || o === null ? undefined : o[k]), object);

const figures = [
  ['server CPU per broadcast message, µs', 'main', 'broadcast.cpuMicrosPerMessage', 'ratio ≤ 1.0'],
  ['broadcast fan-out p50, ms', 'main', 'broadcast.fanOutP50Ms', ''],
  ['server CPU per unicast (POST + send), µs', 'main', 'unicast.cpuMicrosPerMessage', 'ratio ≤ 1.3'],
  ['unicast p50, ms', 'main', 'unicast.p50Ms', ''],
  ['unicast p99, ms', 'main', 'unicast.p99Ms', 'ratio ≤ 1.25'],
  ['unicast lost', 'main', 'unicast.lost', 'zero'],
  ['connects per second (10,000)', 'main', 'connect.perSecond', 'ratio ≥ 0.9'],
  ['PSS per idle connection, bytes', 'main', 'memory.pssPerConnectionBytes', 'ratio ≤ 1.2'],
  ['server CPU per ping/pong, µs', 'main', 'ping.cpuMicrosPerPing', 'ratio ≤ 1.1'],
  ['1% paused: healthy fan-out p50, with / without paused', 'slow', 'slow.fanOutRatio', '≤ 1.1'],
  ['1% paused: memory growth, MB', 'slow', 'slow.memoryGrowthBytes', 'bounded by the paused queues'],
];

function table(label, servers, reference) {
  const data = runs[label];
  if (!data) return '';
  const lines = [];
  lines.push(`| figure | ${servers.join(' | ')} | ${servers.filter((s) => s !== reference).map((s) => `${s} / ${reference}`).join(' | ')} | target |`);
  lines.push(`|${' --- |'.repeat(servers.length * 2)} --- |`);
  for (const [name, suite, key, target] of figures) {
    const values = (server) => (get(data, `${server}.${suite}`) || []).map((r) => {
      const v = get(r, key);
      return key === 'slow.memoryGrowthBytes' && v !== undefined && v !== null ? v / 1e6 : v;
    });
    if (servers.every((s) => values(s).length === 0)) continue;
    const ratios = servers.filter((s) => s !== reference).map((server) => {
      const mine = values(server);
      const theirs = values(reference);
      return spread(mine.map((v, i) => (v === undefined || theirs[i] === undefined || !theirs[i] ? null : v / theirs[i])));
    });
    lines.push(`| ${name} | ${servers.map((s) => spread(values(s))).join(' | ')} | ${ratios.join(' | ')} | ${target} |`);
  }
  return lines.join('\n');
}

const rounds = Math.max(...Object.values(runs.product || {}).map((s) => (s.main || []).length), 0);
console.log(`Results of ${path.basename(dir)} (commit ${fs.existsSync(path.join(dir, 'commit')) ? fs.readFileSync(path.join(dir, 'commit'), 'utf8').trim() : '?'}), ${rounds} rounds; each cell is the median (range); ratios are per round, same run.\n`);
console.log('### The product against bare Jetty and Node ws\n');
console.log(table('product', ['ours', 'bare', 'node'], 'bare'));
for (const label of ['gc-2cores', 'gc-1core']) {
  if (runs[label]) {
    console.log(`\n### The unified server on ZGC and G1 (${label === 'gc-1core' ? 'server on 1 core, load generator on the other' : 'both cores shared'})\n`);
    console.log(table(label, ['ours', 'ours-g1'], 'ours'));
  }
}
