import { sqliteTarget } from "./helpers.js";
import { describeQuality } from "./quality-suite.js";

describeQuality(sqliteTarget);
