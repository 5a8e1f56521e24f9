// Entry for a CommonJS bundle run as a script: `require("quotakit")`, one signed request.
const { TencentCloud } = require("quotakit");

const tc = new TencentCloud({ secretId: "AKIDEXAMPLE", secretKey: "SECRETEXAMPLE" });
const req = tc.describeAgentDealsByCache({ Offset: 0, Limit: 10 }, { now: 1_700_000_000_000 });
console.log("QUOTAKIT_REPORT " + JSON.stringify({ authorization: req.headers.Authorization }));
