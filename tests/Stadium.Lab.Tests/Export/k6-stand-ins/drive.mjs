// Runs an exported k6 script's iterations under node against BASE_URL: ITERATIONS of each phase, one VU, and prints
// what happened as JSON. Usage: node drive.mjs SCRIPT.mjs BASE_URL ITERATIONS
globalThis.__ENV = { BASE_URL: process.argv[3] };
globalThis.k6exec = { vu: { idInTest: 1 }, scenario: { iterationInTest: 0 } };
const { log } = await import('./http.mjs');
const { failedChecks } = await import('./k6.mjs');
const { counters } = await import('./metrics.mjs');
const script = await import(process.argv[2]);
const iterations = Number(process.argv[4]);
const phases = Object.values(script.options.scenarios).length;
for (let phase = 0; phase < phases; phase++) {
  globalThis.__ENV.STADIUM_PHASE = String(phase);
  for (let i = 0; i < iterations; i++) {
    globalThis.k6exec.scenario.iterationInTest = i;
    script.default();
  }
}
console.log(JSON.stringify({ options: script.options, log, failedChecks, counters }));
