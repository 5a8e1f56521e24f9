// A Node HTTP server as users write one, checked by `tsc --strict`: Node's own
// `req.headers` (IncomingHttpHeaders) and a Fetch `Headers` go to verifyWebhook as they are,
// and what comes back says `undefined` where the runtime leaves a field out.
/// <reference types="node" />
import { createServer } from "node:http";
import { Douyin, QuotakitError, TencentCloud } from "quotakit";

const dy = new Douyin({ clientKey: "k", clientSecret: "s" });
createServer((req, res) => {
  let body = "";
  req.on("data", (chunk: Buffer) => { body += chunk; });
  req.on("end", () => {
    try {
      const event = dy.verifyWebhook({ headers: req.headers, body });
      const id: string | undefined = event.msgId;
      const content: unknown = event.content;
      // @ts-expect-error: content is unknown until the caller checks it
      void event.content.order_id;
      res.writeHead(200).end(event.reply ?? "{}");
      void [id, content];
    } catch (error) {
      if (!(error instanceof QuotakitError)) throw error;
      const attempts: number | undefined = error.attempts;
      const action: string | undefined = error.action;
      res.writeHead(error.kind === "signature" ? 401 : 400).end();
      void [attempts, action];
    }
  });
});
dy.verifyWebhook({ headers: new Headers({ "x-douyin-signature": "0" }), body: "{}" });

const tc = new TencentCloud({ secretId: "AKIDx", secretKey: "k" });
const safe: boolean = tc.safeToRepeat("describeAgentDealsByCache", { Offset: 0, Limit: 1 });
// @ts-expect-error: operations are named as the client's methods (not Tencent's action)
tc.safeToRepeat("DescribeAgentDealsByCache", {});
void tc.call("describeAgentDealsByCache", { Offset: 0, Limit: 1 }, { timeoutMs: 2000, signal: AbortSignal.timeout(10_000), retry: true });
void safe;
