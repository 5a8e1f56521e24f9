// No serverExternalPackages and no webpack or Turbopack rules: quotakit must bundle as is.
// The test builds each bundler into its own folder, so that both builds are kept. The roots
// are this folder: the repository's own lock file above would otherwise be taken as the root.
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

export default {
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  outputFileTracingRoot: here,
  turbopack: { root: here },
};
