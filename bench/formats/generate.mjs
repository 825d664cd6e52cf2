// Writes a synthetic TRL conversational preference dataset (JSON Lines) of a requested size:
// {"prompt":[messages],"chosen":[assistant],"rejected":[assistant]} records of about 2.2 KB, like
// the UltraFeedback/Anthropic-HH-derived sets trainers consume. Prompts have 1–3 user turns
// (earlier assistant turns in between), a system message in 30% of records; answers are
// 150–3,000 characters (a block more at most) of prose, Markdown lists and headings, code
// fences (with quotes and backslashes that JSON escapes), and in about one record of six German,
// French, Russian, Chinese or Japanese text; some emoji. A fifth of the records reuse an earlier prompt, 1% repeat
// an earlier record exactly and 0.3% have identical chosen and rejected answers, so duplicate
// and split-by-prompt reports have something to find.
//
// Deterministic: record i is drawn from its own createRandom stream keyed on (seed, i), so a
// repeated prompt or record is regenerated rather than kept in memory, and the file is written
// as a stream in 1 MiB chunks. The file is written to a temporary name and renamed; a sidecar
// FILE.meta.json records seed, target size and counts, and a later call with the same seed and
// size returns the existing file instead of writing it again.
//
// Usage: npm run build && node bench/formats/generate.mjs [--size 1G] [--seed 1] [--out FILE]
// (sizes in bytes, or with K/M/G suffixes: binary units). Prints the file's path on stdout.
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
} from "node:fs";
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { createRandom } from "../../dist/index.js";

/** Bumped whenever the records written for a (seed, size) change, so old files are rewritten. */
const GENERATOR_VERSION = 1;

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const k = args.indexOf(name);
  return k >= 0 ? args[k + 1] : fallback;
};

/** "100M" → 104857600; binary units, as the file sizes in bench/RESULTS.md are given. */
export function parseSize(text) {
  const match = /^(\d+(?:\.\d+)?)([KMG]?)i?B?$/i.exec(text.trim());
  if (!match) throw new RangeError(`not a size: ${text} (e.g. 100M, 1G, 5000000)`);
  const unit = { "": 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30 }[match[2].toUpperCase()];
  return Math.round(Number(match[1]) * unit);
}

/** "100 MiB", "1 GiB": a size as file names and tables show it. */
export function sizeLabel(bytes) {
  if (bytes % 2 ** 30 === 0) return `${bytes / 2 ** 30} GiB`;
  if (bytes % 2 ** 20 === 0) return `${bytes / 2 ** 20} MiB`;
  return `${bytes} B`;
}

// ---- text material -------------------------------------------------------------------------

const WORDS = (
  "the a of to and in is that for it as with be on by this are from or an which can at use " +
  "model data value function each when we not have more if its one but they will into time " +
  "first two than other only also new should example result because these then where however " +
  "training loss gradient batch token sequence prompt response reward policy preference pair " +
  "dataset file record field error memory stream buffer parse validate schema output input " +
  "server request client cache index query table column row type string number array object " +
  "performance latency throughput accuracy baseline evaluation metric score rating judge " +
  "important simple careful different common specific possible likely useful general small " +
  "large fast slow recent previous following given current standard default explicit " +
  "compute measure return call write read check handle store load update create remove " +
  "because although instead therefore meanwhile finally usually often rarely sometimes"
).split(" ");

const FOREIGN = [
  // German, French, Russian, Chinese, Japanese: the scripts and accents datasets really hold.
  "Die Größe der Datei spielt für den Leser keine Rolle, solange jeder Datensatz in den Speicher passt.",
  "Übrigens: Äpfel, Öfen und Bäume sind Wörter mit Umlauten, die häufig falsch kodiert werden.",
  "La réponse préférée est généralement plus détaillée, mais ce n'est pas toujours la meilleure.",
  "Voilà pourquoi il faut vérifier les données avant l'entraînement du modèle.",
  "Модель должна отвечать кратко и точно, не повторяя вопрос пользователя.",
  "Для оценки качества ответов используются попарные сравнения и рейтинги.",
  "这个模型的回答比另一个更准确，也更符合用户的要求。",
  "我们需要先清洗数据，然后再把它分成训练集和测试集。",
  "このデータセットには、人間が選んだ回答と選ばなかった回答が含まれています。",
  "評価には、同じ質問に対する二つの回答を比べる方法がよく使われます。",
];
const EMOJI = ["🙂", "🚀", "✅", "⚠️", "📊", "🤖", "👍", "🔥"];
const SYSTEMS = [
  "You are a helpful assistant.",
  "You are a helpful, respectful and honest assistant. Always answer as helpfully as possible, while being safe.",
  "You are an expert software engineer. Answer with working code and a short explanation.",
  "Du bist ein hilfreicher Assistent. Antworte auf Deutsch.",
  "You are a concise assistant: answer in at most three paragraphs.",
];
const ASKS = [
  "Explain how %s works and when I should use it.",
  "Write a Python function that computes the %s of a list, with tests.",
  "What is the difference between %s and %s?",
  "Summarise the following text in two sentences: %s",
  "Can you help me debug this? My %s keeps failing with an error about %s.",
  "Give me a step-by-step plan to improve the %s of my service.",
  "Translate into German: %s",
  "Write a short story about a %s that learns about %s.",
  "Why does my %s use so much memory when I read a large %s?",
  "List the pros and cons of %s for a small team.",
];
const LANGUAGES = ["python", "javascript", "typescript", "bash", "sql", "rust"];
const CODE = {
  python: [
    "def %s(values):",
    '    """Return the %s of the values."""',
    "    total = 0",
    "    for v in values:",
    "        total += v",
    '    print(f"{total=}\\n")',
    "    return total / max(len(values), 1)",
  ],
  javascript: [
    "export function %s(rows) {",
    "  const seen = new Map();",
    "  for (const row of rows) seen.set(row.id, (seen.get(row.id) ?? 0) + 1);",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: JavaScript source text, not a template
    '  console.log(`found ${seen.size} ids in "%s"`);',
    "  return seen;",
    "}",
  ],
  typescript: [
    "interface %s { id: string; score: number }",
    "const best = (xs: %s[]) => xs.reduce((a, b) => (b.score > a.score ? b : a));",
    'const path = "C:\\\\data\\\\%s.jsonl";',
  ],
  bash: [
    "for f in data/*.jsonl; do",
    '  echo "checking $f"',
    "  wc -l \"$f\" | awk '{print $1}'",
    "done",
  ],
  sql: [
    "SELECT model, COUNT(*) AS wins",
    "FROM battles WHERE winner = 'model_a'",
    "GROUP BY model ORDER BY wins DESC;",
  ],
  rust: [
    "fn %s(xs: &[f64]) -> f64 {",
    "    xs.iter().copied().sum::<f64>() / xs.len() as f64",
    "}",
  ],
};

// ---- drawing ---------------------------------------------------------------------------------

const pick = (random, list) => list[Math.floor(random() * list.length)];
const word = (random) => pick(random, WORDS);

function sentence(random, foreignShare) {
  if (random() < foreignShare) return pick(random, FOREIGN);
  const n = 6 + Math.floor(random() * 14);
  let s = word(random);
  s = s[0].toUpperCase() + s.slice(1);
  for (let k = 1; k < n; k++) {
    const w = word(random);
    const r = random();
    s += r < 0.04 ? ` \`${w}()\`` : r < 0.07 ? ` **${w}**` : r < 0.1 ? `, ${w}` : ` ${w}`;
  }
  return `${s}${random() < 0.005 ? ` ${pick(random, EMOJI)}` : ""}${random() < 0.1 ? "?" : "."}`;
}

function paragraph(random, foreignShare) {
  const n = 1 + Math.floor(random() * 4);
  const out = [];
  for (let k = 0; k < n; k++) out.push(sentence(random, foreignShare));
  return out.join(" ");
}

function codeBlock(random) {
  const language = pick(random, LANGUAGES);
  const lines = CODE[language].map((line) => line.replaceAll("%s", word(random)));
  return `\`\`\`${language}\n${lines.join("\n")}\n\`\`\``;
}

function list(random, foreignShare) {
  const ordered = random() < 0.5;
  const n = 2 + Math.floor(random() * 4);
  const items = [];
  for (let k = 0; k < n; k++)
    items.push(`${ordered ? `${k + 1}.` : "-"} ${sentence(random, foreignShare)}`);
  return items.join("\n");
}

/** A Markdown answer of about `length` characters (cut at a block, so a little over). */
function answer(random, length, foreignShare) {
  const blocks = [];
  let size = 0;
  while (size < length) {
    const r = random();
    const heading = blocks.length > 0 && !blocks[blocks.length - 1].startsWith("#");
    const block =
      r < 0.12 && heading
        ? `## ${sentence(random, 0).slice(0, -1)}`
        : r < 0.27
          ? codeBlock(random)
          : r < 0.45
            ? list(random, foreignShare)
            : paragraph(random, foreignShare);
    blocks.push(block);
    size += block.length + 2;
  }
  return blocks.join("\n\n");
}

const ask = (random, foreignShare) =>
  `${pick(random, ASKS).replace(/%s/g, () => `${word(random)} ${word(random)}`)}${random() < 0.3 ? `\n\n${paragraph(random, foreignShare)}` : ""}`;

// Seeds of record and prompt streams: seed · 2^32 + 2i (+1 for the prompt), below 2^53.
const recordRandom = (seed, i) => createRandom(seed * 2 ** 32 + 2 * i);
const promptRandom = (seed, i) => createRandom(seed * 2 ** 32 + 2 * i + 1);

/** The prompt of prompt stream i: optional system message, then 1–3 user turns. */
function promptOf(seed, i, foreignShare) {
  const random = promptRandom(seed, i);
  const messages = [];
  if (random() < 0.3) messages.push({ role: "system", content: pick(random, SYSTEMS) });
  const r = random();
  const turns = r < 0.7 ? 1 : r < 0.9 ? 2 : 3;
  for (let t = 0; t < turns; t++) {
    if (t > 0) {
      const length = 60 + Math.floor(random() * 240);
      messages.push({ role: "assistant", content: answer(random, length, foreignShare) });
    }
    messages.push({ role: "user", content: ask(random, foreignShare) });
  }
  return messages;
}

/** Answer length asked for: 150–3,000 characters, skewed short (median ≈ 240, mean ≈ 620). */
const answerLength = (random) => 150 + Math.floor(2850 * random() ** 5);

/** Record i of the dataset: its own random stream decides everything about it. */
export function recordOf(seed, i) {
  const random = recordRandom(seed, i);
  // 1% repeat an earlier record exactly (regenerated from its index: nothing is kept).
  if (i > 0 && random() < 0.01) return recordOf(seed, Math.floor(random() * i));
  const foreignShare = random() < 0.17 ? 0.6 : 0;
  // A fifth reuse an earlier record's prompt stream.
  const promptIndex = i > 0 && random() < 0.2 ? Math.floor(random() * i) : i;
  const prompt = promptOf(seed, promptIndex, foreignShare);
  // Chosen answers run a little longer, as in real preference data (verbosity bias).
  const chosenLength = answerLength(random) + Math.floor(random() * 150);
  const chosen = answer(random, chosenLength, foreignShare);
  const rejected = random() < 0.003 ? chosen : answer(random, answerLength(random), foreignShare);
  return {
    prompt,
    chosen: [{ role: "assistant", content: chosen }],
    rejected: [{ role: "assistant", content: rejected }],
  };
}

/** Where the dataset of this size and seed is kept. */
export function datasetPath(dataDir, bytes, seed) {
  return `${dataDir}/trl-conversational-${bytes}-s${seed}.jsonl`;
}

/** The sidecar's content if `file` is a finished file of this size and seed, else undefined. */
export function existingDataset(file, bytes, seed) {
  const metaFile = `${file}.meta.json`;
  if (!existsSync(file) || !existsSync(metaFile)) return undefined;
  const meta = JSON.parse(readFileSync(metaFile, "utf8"));
  const fits =
    meta.version === GENERATOR_VERSION &&
    meta.seed === seed &&
    meta.target === bytes &&
    meta.bytes === statSync(file).size;
  return fits ? meta : undefined;
}

/** Writes whole records until the file holds at least `bytes` bytes; returns the sidecar. */
export async function writeDataset(file, bytes, seed) {
  const existing = existingDataset(file, bytes, seed);
  if (existing) return existing;
  const temporary = `${file}.${process.pid}.tmp`;
  const stream = createWriteStream(temporary);
  let written = 0;
  let records = 0;
  let chunk = "";
  const start = performance.now();
  while (written < bytes) {
    const line = `${JSON.stringify(recordOf(seed, records))}\n`;
    records++;
    written += Buffer.byteLength(line);
    chunk += line;
    if (chunk.length > 1 << 20) {
      if (!stream.write(chunk)) await new Promise((r) => stream.once("drain", r));
      chunk = "";
    }
  }
  stream.end(chunk);
  await new Promise((resolve, reject) => stream.on("finish", resolve).on("error", reject));
  renameSync(temporary, file);
  const meta = { version: GENERATOR_VERSION, seed, target: bytes, bytes: written, records };
  await writeFile(`${file}.meta.json`, `${JSON.stringify(meta)}\n`);
  const seconds = (performance.now() - start) / 1000;
  console.error(
    `wrote ${records} records, ${written} bytes (${(written / records).toFixed(0)} B a record) to ${file} in ${seconds.toFixed(1)} s`,
  );
  return meta;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const bytes = parseSize(option("--size", "1G"));
  const seed = Number(option("--seed", "1"));
  if (!Number.isSafeInteger(seed) || seed < 0 || seed >= 2 ** 20)
    throw new RangeError(`--seed must be an integer in [0, 2^20), got ${seed}`);
  const dataDir = fileURLToPath(new URL("../data", import.meta.url));
  mkdirSync(dataDir, { recursive: true });
  const file = option("--out", datasetPath(dataDir, bytes, seed));
  await writeDataset(file, bytes, seed);
  console.log(file);
}
