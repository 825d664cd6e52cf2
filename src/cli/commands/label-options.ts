/**
 * Options shared by `prefkit agreement` and `prefkit evaluate`: reading labelled comparisons
 * from files (the judgment options of options.ts, plus how files are joined), the bootstrap,
 * and the output.
 */
import { type Command, InvalidArgumentError, Option } from "commander";
import { addJudgmentOptions, type JudgmentFlags, wholeNumber } from "../options.js";

export interface LabelFlags extends JudgmentFlags {
  join: "auto" | "id" | "content";
  bootstrap: number;
  seed: number;
  confidence: number;
  format: "table" | "json";
  output?: string;
  skipInvalid?: boolean;
  progress?: boolean;
}

const confidence = (v: string): number => {
  const x = Number(v);
  if (!(x > 0 && x < 1)) throw new InvalidArgumentError("--confidence must be between 0 and 1");
  return x;
};

/** A comma-separated list of names. */
export const nameList = (name: string) => (value: string) => {
  const names = value.split(",").map((n) => n.trim());
  if (names.some((n) => n === "")) throw new InvalidArgumentError(`${name} takes NAME[,NAME…]`);
  return names;
};

export function addLabelOptions(command: Command): Command {
  command
    .addOption(
      new Option(
        "--join <key>",
        "how comparisons from several files are matched: by id (question id, idx) else prompt and responses (auto), by id only, or by prompt and responses only",
      )
        .choices(["auto", "id", "content"])
        .default("auto"),
    )
    .option(
      "--bootstrap <rounds>",
      "bootstrap rounds over items (0 for none)",
      wholeNumber("--bootstrap"),
      1000,
    )
    .option("--seed <n>", "random seed of the bootstrap", wholeNumber("--seed"), 0)
    .option("--confidence <level>", "interval level", confidence, 0.95)
    .addOption(
      new Option("--format <format>", "output format").choices(["table", "json"]).default("table"),
    )
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .option("--skip-invalid", "skip invalid records, and report how many and why")
    .option("--progress", "show progress on stderr even when it is not a terminal");
  return addJudgmentOptions(command, "the files' dataset format, instead of detecting it");
}

export const nonNegative = (name: string) => (value: string) => {
  const x = Number(value);
  if (!(x >= 0) || !Number.isFinite(x))
    throw new InvalidArgumentError(`${name} must be a number >= 0`);
  return x;
};
