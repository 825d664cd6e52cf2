import { sqliteTarget } from "./helpers.js";
import { importHardeningTests } from "./import-hardening.js";

importHardeningTests(sqliteTarget);
