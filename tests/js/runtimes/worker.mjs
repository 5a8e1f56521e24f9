// A Cloudflare Worker that uses quotakit; bundled like wrangler does (workerd conditions).
import { run } from "./consumer.mjs";
export default {
  async fetch() {
    return Response.json(run());
  },
};
