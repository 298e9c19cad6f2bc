/**
 * Micro-benchmark of the PII scrubber alone (issue 8): the benchmark corpus's events, normalized once,
 * scrubbed with a project's default data scrubbing settings (as the edge does with "PII on") in a
 * loop on one core. Prints µs per event; A/B a scrubber change with it before the full edge bench.
 *
 *   npx tsx bench/pii-scrub.ts [--seconds 5] [--envelopes 2000] [--ips]
 */
import { parseArgs } from "node:util";
import { normalizeEvent } from "../core/src/normalize/index.ts";
import { compilePiiConfig, PiiConfigSchema, scrubEvent } from "../core/src/pii/index.ts";
import { buildCorpus } from "./lib/load/corpus.ts";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "5" },
    envelopes: { type: "string", default: "2000" },
    ips: { type: "boolean", default: false },
  },
});

const corpus = buildCorpus({
  envelopes: Number(values.envelopes),
  targets: [{ projectId: 1, publicKey: "0123456789abcdef0123456789abcdef" }],
  host: "127.0.0.1:8787",
  now: 1_800_000_000,
});
const events = corpus.entries.map((e) => normalizeEvent(JSON.parse(e.payload), { received: 1_800_000_000 }));
const config = compilePiiConfig(PiiConfigSchema.parse({ scrubIpAddresses: values.ips }));

let scrubbed = 0;
const run = (n: number) => {
  for (let i = 0; i < n; i++) scrubbed += scrubEvent(events[i % events.length]!, config).scrubbed;
};
run(events.length * 3); // warm-up
scrubbed = 0;
const until = performance.now() + Number(values.seconds) * 1000;
let done = 0;
const start = performance.now();
const cpuStart = process.cpuUsage();
while (performance.now() < until) {
  run(events.length);
  done += events.length;
}
const elapsed = performance.now() - start;
// CPU time, not wall time: on a shared machine the process is descheduled part of the time.
const cpu = process.cpuUsage(cpuStart);
const cpuMs = (cpu.user + cpu.system) / 1000;
console.log(
  `${done} events in ${(elapsed / 1000).toFixed(2)} s (${(cpuMs / 1000).toFixed(2)} s CPU): ` +
    `${((cpuMs * 1000) / done).toFixed(1)} µs CPU/event, ${Math.round(done / (cpuMs / 1000))} events per CPU-second ` +
    `(${(scrubbed / done).toFixed(2)} values scrubbed/event)`,
);
