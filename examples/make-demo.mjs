// Regenerates examples/arena-demo.jsonl: a small simulated arena (8 systems, 3,000 battles)
// with short conversations whose length and markdown differ by system, so style control has
// something to find. Outcomes follow Davidson's tie model on planted ratings plus a bonus for
// the longer, more formatted answer — the verbosity bias style control removes.
// Usage: npm run build && node examples/make-demo.mjs
import { writeFileSync } from "node:fs";
import { createRandom } from "../dist/index.js";

const random = createRandom(2026);
const systems = [
  { name: "aurora-70b", rating: 1120, verbosity: 1 },
  { name: "basalt-34b", rating: 1080, verbosity: 3 },
  { name: "cobalt-13b", rating: 1040, verbosity: 4 },
  { name: "delta-8b", rating: 1010, verbosity: 1 },
  { name: "ember-7b", rating: 990, verbosity: 2 },
  { name: "flint-3b", rating: 950, verbosity: 4 },
  { name: "garnet-1b", rating: 910, verbosity: 0 },
  { name: "helix-0.5b", rating: 880, verbosity: 2 },
];
const topics = [
  ["How do I reverse a list in Python?", "code"],
  ["Explain photosynthesis simply.", "science"],
  ["Write a haiku about autumn.", "creative"],
  ["What is the capital of Australia?", "knowledge"],
  ["Give me tips for a job interview.", "advice"],
  ["Summarise the causes of World War I.", "history"],
];
const languages = ["English", "English", "English", "German", "Chinese"];

function answer(topic, verbosity) {
  const lines = [`Here is an answer to: ${topic}`];
  if (verbosity >= 2) lines.unshift("## Answer");
  for (let k = 0; k < 1 + verbosity * 2; k++) {
    const item = `point ${k + 1}, explained`;
    lines.push(verbosity >= 3 ? `- **Key:** ${item}` : verbosity >= 1 ? `${k + 1}. ${item}` : item);
  }
  if (verbosity >= 4) lines.push("### Summary", "In short, **the key points above** cover it.");
  return lines.join("\n");
}

const out = [];
for (let t = 0; t < 3000; t++) {
  const i = Math.floor(random() * systems.length);
  let j = Math.floor(random() * (systems.length - 1));
  if (j >= i) j++;
  const [question, category] = topics[Math.floor(random() * topics.length)];
  // Each answer's style varies around its system's habit, so style and system are separable.
  const jitter = (s) => ({
    ...s,
    verbosity: Math.max(0, Math.min(4, s.verbosity + Math.floor(random() * 3) - 1)),
  });
  const a = jitter(systems[i]);
  const b = jitter(systems[j]);
  // Verbosity bias: each level of difference is worth 25 rating points to the judge.
  const diff = a.rating - b.rating + 25 * (a.verbosity - b.verbosity);
  const pa = 10 ** (diff / 800);
  const pb = 1 / pa;
  const tie = 0.35;
  const u = random() * (pa + pb + tie);
  const winner =
    u < pa ? "model_a" : u < pa + pb ? "model_b" : random() < 0.3 ? "tie (bothbad)" : "tie";
  const conversation = (s) => [
    { role: "user", content: question },
    { role: "assistant", content: answer(question, s.verbosity) },
  ];
  out.push(
    JSON.stringify({
      question_id: `q${String(t).padStart(5, "0")}`,
      model_a: a.name,
      model_b: b.name,
      winner,
      conversation_a: conversation(a),
      conversation_b: conversation(b),
      turn: 1,
      language: languages[Math.floor(random() * languages.length)],
      category,
      tstamp: 1767225600 + t * 60,
    }),
  );
}
writeFileSync(new URL("./arena-demo.jsonl", import.meta.url), `${out.join("\n")}\n`);
console.error(`wrote ${out.length} battles to examples/arena-demo.jsonl`);
