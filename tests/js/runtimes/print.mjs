// Entry for bundles run as scripts: prints the consumer's report.
import { run } from "./consumer.mjs";
console.log("QUOTAKIT_REPORT " + JSON.stringify(run()));
