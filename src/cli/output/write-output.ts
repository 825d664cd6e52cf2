/** Writing a command's output file: to a temporary file, then renamed, so a failure never leaves half a file. */
import { renameSync, writeFileSync } from "node:fs";

export function writeOutput(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}
