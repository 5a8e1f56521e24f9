// quotakit in a Node.js route handler: the report of tests/js/runtimes/consumer.mjs.
import { run } from "../consumer.mjs";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json(run());
}
