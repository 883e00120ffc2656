// npm run bench [-- scenario…]: runs the benchmark scenarios, prints their figures
// and writes bench/results/<scenario>.json. Not a test: nothing here passes or fails.
import { initialLoad } from './initial-load.ts';
import { writeResult } from './support.ts';

const SCENARIOS: Record<string, () => Promise<Record<string, unknown>>> = {
  'initial-load': () => initialLoad({ companies: 5000, items: 5000, naiveSample: 80 }),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((w) => !(w in SCENARIOS));
if (unknown.length > 0) {
  process.stderr.write(`unknown scenario(s): ${unknown.join(', ')}; known: ${Object.keys(SCENARIOS).join(', ')}\n`);
  process.exit(2);
}
for (const name of wanted.length > 0 ? wanted : Object.keys(SCENARIOS)) {
  process.stdout.write(`${name}: running…\n`);
  const result = await (SCENARIOS[name] as () => Promise<Record<string, unknown>>)();
  const file = await writeResult(name, result);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\nwritten to ${file}\n`);
}
