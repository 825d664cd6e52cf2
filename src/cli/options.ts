/** Option parsers shared by the commands: each rejects a bad value with the option's name. */
import { readFileSync } from "node:fs";
import { type Command, InvalidArgumentError, Option } from "commander";
import type { CodecOptions } from "../formats/dataset/codecs.js";
import { DATASET_FORMATS, type DatasetFormat } from "../formats/dataset/dataset-formats.js";
import { UsageError } from "./errors.js";

export const wholeNumber = (name: string) => (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${name} must be a whole number`);
  // Past 2^53 a number no longer names one integer (a seed would silently mean another).
  if (!Number.isSafeInteger(Number(value)))
    throw new InvalidArgumentError(`${name} must be below 2^53`);
  return Number(value);
};

const BYTE_UNITS: Record<string, number> = { "": 1, k: 1 << 10, m: 1 << 20, g: 1 << 30 };

/** A size in bytes: a whole number, optionally with K, M or G (binary: 1K = 1024 bytes). */
export const byteSize = (name: string) => (value: string) => {
  const match = /^(\d+)\s*([kmg]?)(?:i?b)?$/i.exec(value.trim());
  const bytes = match ? Number(match[1]) * BYTE_UNITS[match[2]!.toLowerCase()]! : Number.NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1) {
    throw new InvalidArgumentError(`${name} must be a size in bytes, e.g. 268435456, 256M or 1G`);
  }
  return bytes;
};

export const positiveNumber = (name: string) => (value: string) => {
  const x = Number(value);
  if (!(x > 0) || !Number.isFinite(x)) throw new InvalidArgumentError(`${name} must be > 0`);
  return x;
};

/** A repeatable FIELD=VALUE option, collected into a list. */
export const assignment =
  (name: string) =>
  (value: string, previous: { field: string; value: string }[] = []) => {
    const eq = value.indexOf("=");
    if (eq <= 0) throw new InvalidArgumentError(`${name} takes FIELD=VALUE`);
    return [...previous, { field: value.slice(0, eq), value: value.slice(eq + 1) }];
  };

/**
 * `--trust-proxy`: `true` (any proxy), a hop count, or comma-separated addresses and CIDR
 * ranges (`127.0.0.1,10.0.0.0/8`), as fastify's `trustProxy` takes them.
 */
export const trustProxy = (value: string): boolean | number | string[] => {
  if (value === "true") return true;
  if (value === "false") return false;
  if (/^\d+$/.test(value)) return Number(value);
  const addresses = value
    .split(",")
    .map((a) => a.trim())
    .filter((a) => a !== "");
  if (addresses.length === 0 || addresses.some((a) => !/^[0-9a-fA-F.:]+(\/\d+)?$/.test(a))) {
    throw new InvalidArgumentError(
      "--trust-proxy takes true, a hop count, or addresses and CIDR ranges separated by commas",
    );
  }
  return addresses;
};

/** `--systems A,B`: the two systems of a judgment file that names none. */
export const systemPair = (value: string): [string, string] => {
  const names = value.split(",").map((n) => n.trim());
  if (names.length !== 2 || names.some((n) => n === ""))
    throw new InvalidArgumentError("--systems takes two names: A,B");
  return [names[0]!, names[1]!];
};

/** The reading options of judgment files, shared by inspect, convert and leaderboard. */
export interface JudgmentFlags {
  from?: DatasetFormat;
  map?: string;
  labels?: string;
  mapping?: string;
  systems?: [string, string];
  baseline?: string;
}

/** Adds `--from`, `--map`, `--labels`, `--mapping`, `--systems` and `--baseline` to a command. */
export function addJudgmentOptions(
  command: Command,
  from = "the input's dataset format, when detection is not enough",
): Command {
  return command
    .addOption(new Option("--from <format>", from).choices(DATASET_FORMATS))
    .option(
      "--map <field=column,…>",
      "read a table through a mapping: prompt, input, a, b, system_a, system_b, id, subset, turn, probability, score_a, score_b, label, label.NAME, labeller (dotted paths)",
    )
    .option(
      "--labels <value=meaning,…>",
      "what label values mean: a, b, tie, both_bad, a>>b, b>>a or a number in [0, 1], e.g. 0=tie,1=a,2=b",
    )
    .option("--mapping <file.json>", 'the mapping as JSON: {"map": {…}, "labels": {…}}')
    .option(
      "--systems <a,b>",
      "the two systems of files that do not name them (FastChat reviews, tables)",
      systemPair,
    )
    .option(
      "--baseline <system>",
      "arena-hard judgments: the baseline, when the records do not name it",
    );
}

/** The input format a mapping implies: mapped, unless it is the output's (and --from says nothing). */
const fromOf = (flags: JudgmentFlags, mapsOutput: boolean): { from?: DatasetFormat } =>
  !mapsOutput ? { from: "mapped" } : flags.from ? { from: flags.from } : {};

/** What the judgment flags mean to the readers: the format and the codec options. */
export interface JudgmentInput {
  from?: DatasetFormat;
  codec: Partial<Pick<CodecOptions, "systems" | "baseline" | "mapping" | "labelValues">>;
}

/**
 * Checks the judgment flags together and reads `--mapping` (loaded on demand: zod is not for
 * `--help`). `--map` or `--mapping` imply `--from mapped`.
 * @throws {UsageError} for a bad combination, a mapping that does not parse (naming its key) or
 * a mapping file that cannot be read.
 */
export async function judgmentInput(
  flags: JudgmentFlags,
  /** `convert --to mapped`: the mapping is the output's, and says nothing of the input. */
  mapsOutput = false,
): Promise<JudgmentInput> {
  const fail = (issues: readonly { field: string; message: string }[], where: string) =>
    new UsageError(issues.map((i) => `${where}${i.field}: ${i.message}`).join("; "));
  if (flags.map !== undefined && flags.mapping !== undefined)
    throw new UsageError("--map and --mapping both give a mapping: use one");
  const mapped = flags.map !== undefined || flags.mapping !== undefined;
  if (mapped && !mapsOutput && flags.from !== undefined && flags.from !== "mapped")
    throw new UsageError(
      `--from ${flags.from} reads its own fields: --map and --mapping go with --from mapped`,
    );
  if (flags.from === "mapped" && !mapped)
    throw new UsageError("--from mapped needs --map or --mapping");
  const codec: JudgmentInput["codec"] = {
    ...(flags.systems ? { systems: flags.systems } : {}),
    ...(flags.baseline !== undefined ? { baseline: flags.baseline } : {}),
  };
  if (flags.map === undefined && flags.mapping === undefined && flags.labels === undefined)
    return { ...(flags.from ? { from: flags.from } : {}), codec };
  // Loaded only for mappings: zod has no place on the leaderboard's fast path.
  const { parseLabelsOption, parseMapOptions, parseMapping } = await import(
    "../formats/dataset/judgments/field-mapping.js"
  );
  if (flags.map !== undefined) {
    const parsed = parseMapOptions(flags.map, flags.labels);
    if (!parsed.ok) throw fail(parsed.issues, "");
    return { ...fromOf(flags, mapsOutput), codec: { ...codec, mapping: parsed.mapping } };
  }
  if (flags.mapping !== undefined) {
    if (flags.labels !== undefined)
      throw new UsageError('--labels goes in the mapping file\'s "labels" with --mapping');
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(flags.mapping, "utf8"));
    } catch (error) {
      throw new UsageError(`--mapping ${flags.mapping}: ${(error as Error).message}`);
    }
    const parsed = parseMapping(json);
    if (!parsed.ok) throw fail(parsed.issues, `--mapping ${flags.mapping}: `);
    return { ...fromOf(flags, mapsOutput), codec: { ...codec, mapping: parsed.mapping } };
  }
  if (flags.labels !== undefined) {
    const parsed = parseLabelsOption(flags.labels);
    if (!parsed.ok) throw fail(parsed.issues, "");
    return {
      ...(flags.from ? { from: flags.from } : {}),
      codec: { ...codec, labelValues: parsed.values },
    };
  }
  return { ...(flags.from ? { from: flags.from } : {}), codec };
}
