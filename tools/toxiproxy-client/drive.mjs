// Drives a Toxiproxy API with the real toxiproxy-node-client, one step at a time: after each step it prints one JSON
// line and waits for a line on stdin, so the caller (tests/Stadium.Chaos.Tests) can check the step's effect on real
// connections before the next. Usage: node drive.mjs API_URL UPSTREAM_HOST:PORT
import { createInterface } from "node:readline";
import client from "toxiproxy-node-client";

const { Toxiproxy } = client;
const [api, upstream] = process.argv.slice(2);
if (!api || !upstream) {
  console.error("usage: node drive.mjs API_URL UPSTREAM_HOST:PORT");
  process.exit(2);
}

const input = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
async function step(name, facts) {
  console.log(JSON.stringify({ step: name, ...facts }));
  if ((await input.next()).done) {
    process.exit(0);
  }
}

try {
  const toxiproxy = new Toxiproxy(api);
  const version = await toxiproxy.getVersion();
  const proxy = await toxiproxy.createProxy({ name: "node-client", listen: "127.0.0.1:0", upstream });
  const toxic = await proxy.addToxic({ name: "slow", type: "latency", stream: "downstream", toxicity: 1, attributes: { latency: 400, jitter: 0 } });
  const listed = Object.keys(await toxiproxy.getAll());
  const fetched = await proxy.getToxic("slow");
  await step("latency", { version, listen: proxy.listen, toxic: toxic.toJson(), fetched: fetched.toJson(), listed });

  const updated = await fetched.update({ attributes: { latency: 600 } });
  await step("updated", { toxic: updated.toJson() });

  await updated.remove();
  await step("removed", {});

  await proxy.addToxic({ name: "silence", type: "timeout", stream: "upstream", toxicity: 1, attributes: { timeout: 0 } });
  const disabled = await proxy.update({ enabled: false, listen: proxy.listen, upstream: proxy.upstream });
  await step("disabled", { enabled: disabled.enabled });

  await toxiproxy.reset();
  await step("reset", {});

  const populated = await toxiproxy.populate([{ name: "node-populated", listen: "127.0.0.1:0", upstream }]);
  await step("populated", { names: Object.keys(populated), listen: populated["node-populated"].listen });

  await proxy.remove();
  await (await toxiproxy.get("node-populated")).remove();
  let missing = "";
  try {
    await toxiproxy.get("node-client");
  } catch (e) {
    missing = e.message;
  }
  await step("deleted", { missing });
} catch (e) {
  console.error(`drive.mjs: ${e.name}: ${e.message}`);
  process.exit(1);
}
