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

export const round3 = (x) => (x === null ? null : Math.round(x * 1000) / 1000);
