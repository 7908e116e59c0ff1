// Reads the JSON results of one benchmarks/run.sh and prints the medians, the ratios against the
// references from the same run, and whether each target was met, as Markdown.
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
const results = {};
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json'))) {
  const [suite, variant] = path.basename(file, '.json').split('-');
  const data = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8').trim().split('\n').pop());
  ((results[suite] ||= {})[variant] ||= []).push(data);
}
const median = (values) => {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};
const get = (suite, variant, pick) => median((results[suite]?.[variant] || []).map((r) => { try { return pick(r); } catch { return null; } }));
const runs = (suite, variant) => (results[suite]?.[variant] || []).length;
const fmt = (x, digits = 2) => (x === null || x === undefined ? 'n/a' : Number(x).toFixed(digits));
const ratio = (a, b) => (a === null || b === null || b === 0 ? null : a / b);
// 'n/a' when the value is missing, else whether it meets the target.
const verdict = (value, meets) => (value === null ? 'n/a' : meets(value) ? 'met' : '**missed**');
const mib = (bytes) => (bytes === null ? null : bytes / 1048576);

const lines = [];
const row = (...cells) => lines.push('| ' + cells.join(' | ') + ' |');
const clients = results.main?.ours?.[0]?.clients;
lines.push(`Results of ${path.basename(dir)} (UTC), medians of ${runs('main', 'ours')} runs, ${clients} clients; every ratio is against a reference measured in the same run.`, '');
row('target', 'ours', 'bare Jetty', 'ratio ours / bare', 'original algorithm', 'verdict');
row('---', '---', '---', '---', '---', '---');

const errors = (v) => get('main', v, (r) => r.connect.errors);
row(`${clients} idle connections, connect errors`, fmt(errors('ours'), 0), fmt(errors('bare'), 0), '', fmt(errors('original'), 0), verdict(errors('ours'), (n) => n === 0));

const heap = (v) => get('main', v, (r) => r.memory.heapPerConnectionBytes);
const heapDelta = heap('ours') === null || heap('bare') === null ? null : heap('ours') - heap('bare');
row('heap per idle connection, bytes (ours at most 6 KiB above bare)', fmt(heap('ours'), 0), fmt(heap('bare'), 0), `+${fmt(heapDelta, 0)} B`, fmt(heap('original'), 0), verdict(heapDelta, (d) => d <= 6144));
const rss = (v) => get('main', v, (r) => r.memory.rssPerConnectionBytes);
row('RSS per idle connection, bytes', fmt(rss('ours'), 0), fmt(rss('bare'), 0), fmt(ratio(rss('ours'), rss('bare'))), fmt(rss('original'), 0), '');

const fan = (v) => get('main', v, (r) => r.broadcast.completionP50Ms);
row('broadcast 256 B to all: fan-out completion p50, ms (within 1.25x)', fmt(fan('ours')), fmt(fan('bare')), fmt(ratio(fan('ours'), fan('bare'))), fmt(fan('original')), verdict(ratio(fan('ours'), fan('bare')), (r) => r <= 1.25));

const uni = (v, f) => get('main', v, (r) => r.unicast[f]);
row(`unicast at ${results.main?.ours?.[0]?.unicast?.offeredPerSecond ?? 'n/a'}/s: p50, ms`, fmt(uni('ours', 'p50Ms')), fmt(uni('bare', 'p50Ms')), fmt(ratio(uni('ours', 'p50Ms'), uni('bare', 'p50Ms'))), fmt(uni('original', 'p50Ms')), '');
row('unicast: p99, ms (within 1.25x)', fmt(uni('ours', 'p99Ms')), fmt(uni('bare', 'p99Ms')), fmt(ratio(uni('ours', 'p99Ms'), uni('bare', 'p99Ms'))), fmt(uni('original', 'p99Ms')), verdict(ratio(uni('ours', 'p99Ms'), uni('bare', 'p99Ms')), (r) => r <= 1.25));
row('unicast: p99.9, ms', fmt(uni('ours', 'p999Ms')), fmt(uni('bare', 'p999Ms')), fmt(ratio(uni('ours', 'p999Ms'), uni('bare', 'p999Ms'))), fmt(uni('original', 'p999Ms')), '');
row('unicast: messages lost (zero)', fmt(uni('ours', 'lost'), 0), fmt(uni('bare', 'lost'), 0), '', fmt(uni('original', 'lost'), 0), verdict(uni('ours', 'lost'), (n) => n === 0));

const slowP99 = (v) => get('slow', v, (r) => (r.slow.stalled ? null : r.slow.perClientP99Ms));
const baseP99 = (v) => get('slow', v, (r) => r.slowBaseline.perClientP99Ms);
const slowRatio = (v) => ratio(slowP99(v), baseP99(v));
const stalled = (v) => (results.slow?.[v] || []).some((r) => r.slow.stalled);
row('1% not reading: healthy broadcast p99 with / without slow clients (within 1.5x)', fmt(slowRatio('ours')), fmt(slowRatio('bare')), '', stalled('original') ? 'stalled' : fmt(slowRatio('original')), verdict(slowRatio('ours'), (r) => r <= 1.5));
const slowHeap = (v) => get('slow', v, (r) => r.slow.heapUsedAfterGcBytes);
row('1% not reading: server heap after, MiB (bounded by the queues)', fmt(mib(slowHeap('ours')), 1), fmt(mib(slowHeap('bare')), 1), '', fmt(mib(slowHeap('original')), 1), '');

const req = (f) => get('requests', 'ours', (r) => r.requests[f]);
row('request/response via the admin API: p50 round trip, ms', fmt(req('p50Ms')), '', '', '', '');
row('request/response: requests per second (at least 5,000)', fmt(req('perSecond'), 0), '', '', '', verdict(req('perSecond'), (n) => n >= 5000));
row('request/response: failed, pending afterwards (zero)', `${fmt(req('failed'), 0)}, ${fmt(req('pendingAfter'), 0)}`, '', '', '', verdict(req('pendingAfter'), (n) => n === 0 && req('failed') === 0));

// The connect sweep: the memory scenario alone at smaller N (suites connect<N>), plus the main N.
const sweep = Object.keys(results)
  .filter((suite) => /^connect\d+$/.test(suite))
  .map((suite) => [Number(suite.slice('connect'.length)), suite]);
if (sweep.length > 0) {
  sweep.push([clients, 'main']);
  sweep.sort((a, b) => a[0] - b[0]);
  lines.push('', 'Connecting N idle clients, same run: seconds until all are open (at most 200 handshakes in flight), and heap per connection after a full GC.', '');
  row('clients', 'connect s: ours', 'bare', 'original', 'heap per connection, B: ours', 'bare', 'original', 'ours − bare, B');
  row('---', '---', '---', '---', '---', '---', '---', '---');
  for (const [n, suite] of sweep) {
    const secs = (v) => get(suite, v, (r) => r.connect.seconds);
    const perConn = (v) => get(suite, v, (r) => r.memory.heapPerConnectionBytes);
    const delta = perConn('ours') === null || perConn('bare') === null ? null : perConn('ours') - perConn('bare');
    row(n, fmt(secs('ours')), fmt(secs('bare')), fmt(secs('original')), fmt(perConn('ours'), 0), fmt(perConn('bare'), 0), fmt(perConn('original'), 0), fmt(delta, 0));
  }
}

if (results.cluster) {
  lines.push('', 'Cluster (ours, Redis backplane), same run: 3 nodes against 1 node; the controller talks to node 1, so two thirds of unicasts cross nodes.', '');
  row('measure', '1 node', '3 nodes', 'ratio 3 / 1');
  row('---', '---', '---', '---');
  const one = (f) => get('cluster', '1node', f);
  const three = (f) => get('cluster', '3nodes', f);
  row('broadcast fan-out completion p50, ms', fmt(one((r) => r.broadcast.completionP50Ms)), fmt(three((r) => r.broadcast.completionP50Ms)), fmt(ratio(three((r) => r.broadcast.completionP50Ms), one((r) => r.broadcast.completionP50Ms))));
  row('unicast p50, ms (3 nodes: cross-node only)', fmt(one((r) => r.unicast.p50Ms)), fmt(three((r) => r.unicast.crossNodeP50Ms)), fmt(ratio(three((r) => r.unicast.crossNodeP50Ms), one((r) => r.unicast.p50Ms))));
  row('unicast p99, ms (3 nodes: cross-node only)', fmt(one((r) => r.unicast.p99Ms)), fmt(three((r) => r.unicast.crossNodeP99Ms)), fmt(ratio(three((r) => r.unicast.crossNodeP99Ms), one((r) => r.unicast.p99Ms))));
  row('unicast messages lost', fmt(one((r) => r.unicast.lost), 0), fmt(three((r) => r.unicast.lost), 0), '');
}
console.log(lines.join('\n'));
