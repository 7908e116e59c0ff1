// Shared by the load generators: command-line options and statistics.

/** The `--name value` pairs of the command line. */
export const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export const percentile = (values, p) => {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

/**
 * Opens n clients, at most 200 handshakes in flight: openOne(i) returns a promise of client i.
 * Returns the clients (undefined where opening failed), the failures and the seconds it took.
 */
export async function openAll(n, openOne) {
  const clients = new Array(n);
  let next = 0;
  let errors = 0;
  const start = performance.now();
  async function worker() {
    while (next < n) {
      const i = next++;
      try {
        clients[i] = await openOne(i);
      } catch (e) {
        errors++;
      }
    }
  }
  await Promise.all(Array.from({ length: 200 }, worker));
  return { clients, errors, seconds: (performance.now() - start) / 1000 };
}

export const round3 = (x) => (x === null ? null : Math.round(x * 1000) / 1000);
