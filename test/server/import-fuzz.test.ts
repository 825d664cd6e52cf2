import { sqliteTarget } from "./helpers.js";
import { importFuzzTests } from "./import-fuzz.js";

importFuzzTests(sqliteTarget);
