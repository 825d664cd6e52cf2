// Prints vitest's JSON results as one plain closing line ("N passed, N failed, N skipped"),
// the form CI reads whatever the test runner. Usage: node scripts/test-summary.mjs FILE.json
import { readFileSync } from "node:fs";

const results = JSON.parse(readFileSync(process.argv[2] ?? ".vitest-results.json", "utf8"));
const skipped = results.numPendingTests + results.numTodoTests;
console.log(
  `${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped`,
);
process.exitCode = results.numFailedTests > 0 || results.numTotalTests === 0 ? 1 : 0;
