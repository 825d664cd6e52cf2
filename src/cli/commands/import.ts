/**
 * `prefkit import FILE --db URL --project ID`: a dataset file of any type and format prefkit
 * reads, into a project of a store — what the server's import route does, by the same path
 * (src/app/import), but without the route's limits: for files too large to upload.
 *
 * Records are streamed from the file and only the entries made of them are held; they are
 * stored in one transaction (`store.addEntries`), so a refused entry leaves nothing of the file.
 * Memory follows the entries the file makes, not the file. The definition only; the store and
 * the readers load when the command runs (import-run.ts).
 */
import { Command, Option } from "commander";
import { DATASET_FORMATS } from "../../formats/dataset/dataset-formats.js";
import type { Flags } from "./import-run.js";

export function importCommand(): Command {
  return new Command("import")
    .description(
      "Import a dataset file (JSON Lines, JSON, CSV, each optionally .gz, or Parquet; any format prefkit reads) into a project of a store, in one transaction — without the server's import limits",
    )
    .argument("<file>", "the dataset file (its format is detected, or give --format)")
    .requiredOption("--db <url>", "the store: sqlite:PATH or postgres://USER@HOST/DB")
    .requiredOption("--project <id>", "the project to import into")
    .option("--create [name]", "create the project when the store has none of that id")
    .addOption(
      new Option(
        "--format <format>",
        "the file's dataset format, when detection is not enough",
      ).choices(DATASET_FORMATS),
    )
    .option("--annotator <name>", "converted judgments: the annotator credited", "import")
    .option("--judge <model>", "converted judgments: made by this AI judge")
    .option("--criterion <name>", "ratings: the score to pair by", "mean")
    .option("--dry-run", "read and check the whole file, report what would be added, store nothing")
    .option("--json", "print the summary as JSON on stdout")
    .option("--progress", "show progress on stderr even when it is not a terminal")
    .action(async (file: string, flags: Flags) => {
      const { runImport } = await import("./import-run.js");
      await runImport(file, flags);
    });
}
