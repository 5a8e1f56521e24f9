// A TypeScript CommonJS consumer (module node16, a .cts file): `require` resolves to
// node.cjs and its declarations to index.d.cts, which must be CommonJS too (attw's
// "masquerading as ESM" otherwise: TS1479).
import { TencentCloud, QuotakitError, summarize } from "quotakit";
import type { HttpRequest, Summary } from "quotakit";
import init = require("quotakit/web");

const tc = new TencentCloud({ secretId: "AKIDEXAMPLE", secretKey: "SECRETEXAMPLE" });
const req: HttpRequest = tc.describeAgentDealsByCache({ Offset: 0, Limit: 10 });
const summary: Summary = summarize([]);
const isError = (e: unknown): e is QuotakitError => e instanceof QuotakitError;
const load: (moduleOrPath?: BufferSource) => Promise<void> = init.default;
void [req, summary, isError, load];
