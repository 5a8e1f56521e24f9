// quotakit/web: the same API plus an explicit init().
import init, { TencentCloud } from "quotakit/web";

await init();
await init(new URL("https://example.com/quotakit_bg.wasm"));
const tc = new TencentCloud({ secretId: "a", secretKey: "b" });
const req = tc.signRequest({ service: "cvm", action: "DescribeInstances", version: "2017-03-12", payload: { Limit: 1 } });
void req.url;
