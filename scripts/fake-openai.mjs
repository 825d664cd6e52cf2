#!/usr/bin/env node
/**
 * Runs the fake OpenAI-compatible server (src/llm/fake-openai-server.ts, from dist/) in its own
 * process, for browser tests, benchmarks and trying prefkit without a model:
 *
 *   npx tsc -p tsconfig.build.json && node scripts/fake-openai.mjs '{"latencyMs":50,"chunkDelayMs":20}'
 *
 * The argument is the FakeOptions as JSON (optional). Prints one line, `url=<base URL>`, once
 * it listens; stops on SIGTERM or SIGINT.
 */
import { startFakeOpenAi } from "../dist/llm/fake-openai-server.js";

const options = process.argv[2] ? JSON.parse(process.argv[2]) : {};
const fake = await startFakeOpenAi(options);
process.stdout.write(`url=${fake.url}\n`);
const stop = () => fake.close().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
