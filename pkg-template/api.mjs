// The public runtime API, re-exported by every entry file. Add each vendor client here and
// to CLIENTS in extras.mjs.
export { Baidu, Douyin, Polyv, TencentCloud } from "./quotakit.js";
export { QuotakitError, summarize } from "./extras.mjs";
