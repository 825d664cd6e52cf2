import { describeApi } from "./api-suite.js";
import { sqliteTarget } from "./helpers.js";

describeApi(sqliteTarget);
