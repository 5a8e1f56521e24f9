// quotakit in an edge route handler (package export condition "edge-light").
import { run } from "../consumer.mjs";

export const runtime = "edge";
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json(run());
}
