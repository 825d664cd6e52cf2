#!/usr/bin/env node
/**
 * Runs the fake OpenAI-compatible server (src/llm/fake-openai-server.ts, from dist/) in its own
 * process, for browser tests, benchmarks and trying prefkit without a model:
 *
 *   npx tsc -p tsconfig.build.json && node scripts/fake-openai.mjs '{"latencyMs":50,"chunkDelayMs":20}'
 *   node scripts/fake-openai.mjs --judges   # planted judges: models judge-first, judge-longer,
 *                                           # judge-right-80, judge-garbage, judge-fixed, judge-flaky
 *
 * The argument is the FakeOptions as JSON (optional). `--judges` makes models named judge-…
 * answer as the planted judges of src/llm/fake-judges.ts (any other model answers as before),
 * so `prefkit judge --judges <file naming them>` can be tried against it. Prints one line,
 * `url=<base URL>`, once it listens; stops on SIGTERM or SIGINT.
 */
import { fakeJudgeResponder } from "../dist/llm/fake-judges.js";
import { startFakeOpenAi } from "../dist/llm/fake-openai-server.js";

const args = process.argv.slice(2);
const judges = args.includes("--judges");
const json = args.find((a) => a !== "--judges");
const options = json ? JSON.parse(json) : {};
const fake = await startFakeOpenAi({
  ...options,
  ...(judges ? { respond: fakeJudgeResponder() } : {}),
});
process.stdout.write(`url=${fake.url}\n`);
const stop = () => fake.close().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
