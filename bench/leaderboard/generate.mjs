// Writes a synthetic Chatbot Arena battle log (JSON Lines, ~200 bytes a line like FastChat's
// clean battle logs without conversations) from prefkit's seeded simulator.
// Usage: node bench/leaderboard/generate.mjs BATTLES SYSTEMS OUT.jsonl [SEED]
import { createWriteStream } from "node:fs";
import { createRandom, simulateBattles } from "../../dist/index.js";

const [battles, systems, out, seed = "1"] = process.argv.slice(2);
const n = Number(systems);
const random = createRandom(Number(seed));
const ratings = Array.from({ length: n }, () => 1000 + 300 * (random() - 0.5) * 2);
const names = ratings.map((_, i) => `model-${String(i).padStart(3, "0")}`);
const seq = simulateBattles({
  ratings,
  battles: Number(battles),
  random,
  tieParameter: 0.4,
  bothBadShare: 0.3,
});
const winners = ["model_a", "model_b", "tie", "tie (bothbad)"];
const languages = ["English", "Chinese", "German", "Russian", "Japanese"];
const hex = (k) => Array.from({ length: k }, () => Math.floor(random() * 16).toString(16)).join("");
const stream = createWriteStream(out);
let chunk = "";
for (let t = 0; t < seq.a.length; t++) {
  chunk += `${JSON.stringify({
    question_id: hex(32),
    model_a: names[seq.a[t]],
    model_b: names[seq.b[t]],
    winner: winners[seq.outcome[t]],
    judge: `arena_user_${hex(12)}`,
    turn: 1 + Math.floor(random() * 2),
    anony: true,
    language: languages[Math.floor(random() * languages.length)],
    tstamp: 1712000000 + t * 0.37,
  })}\n`;
  if (chunk.length > 1 << 20) {
    if (!stream.write(chunk)) await new Promise((r) => stream.once("drain", r));
    chunk = "";
  }
}
stream.end(chunk);
await new Promise((r) => stream.on("finish", r));
console.error(`wrote ${seq.a.length} battles among ${n} systems to ${out}`);
