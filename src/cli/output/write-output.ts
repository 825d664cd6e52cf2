/** Writing a command's output file: to a temporary file, then renamed, so a failure never leaves half a file. */
import { renameSync, writeFileSync } from "node:fs";

export function writeOutput(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

/** A command's report: to `path` when given (written whole), else to stdout. */
export function emitReport(text: string, path: string | undefined): void {
  if (path) writeOutput(path, text);
  else process.stdout.write(text);
}
