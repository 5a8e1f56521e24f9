// Request guards shared by the admin console and the vendor sandbox's control routes.
//
// Both servers run on an operator's machine next to a browser that visits other sites, and
// both can change state: the console deducts a customer's paid uses, the sandbox resets and
// injects faults. A web page must not be able to drive them. The three attacks and the check
// that closes each:
//
// - **Cross-site requests.** Any page can send a "simple" POST (text/plain or form-encoded)
//   to 127.0.0.1 without a CORS preflight. `crossSiteProblem` accepts a POST only with
//   `Content-Type: application/json` (which a page cannot send cross-site without a
//   preflight that nobody answers) and an `Origin` (or `Sec-Fetch-Site`) of the server
//   itself. Reads marked `Sec-Fetch-Site: cross-site` or `same-site` are refused too: an
//   `<img>` on another page would otherwise make the server call the vendors.
// - **DNS rebinding.** A page on attacker.example whose name later resolves to 127.0.0.1 is
//   same-origin with itself, so the checks above pass; its requests still carry
//   `Host: attacker.example`. `hostProblem` refuses every Host that is not the server's own,
//   before any route runs (Vite's and webpack-dev-server's `allowedHosts`).
// - **Exposure.** Bound to a non-loopback address, anybody on the network is a client:
//   `TokenGate` then asks for a random token printed once at start (Jupyter's model), kept in
//   an HttpOnly, SameSite=Strict cookie after the first visit. Browsers send a host's cookies
//   to every port on it, so the cookie's name carries the console's port.
//
// And before any of these, `requestTarget` and `hostProblem` turn a malformed request target
// or Host into a 400: the console and the sandbox share one process, which one request that
// throws must not end.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "[::1]", "::1"];

/** Whether `host` (a bind address) is reachable only from this machine. */
export function isLoopback(host) {
  return LOOPBACK_NAMES.includes(host) || /^127(\.\d{1,3}){3}$/.test(host);
}

/** The host names a server accepts: loopback names, the bound address, and `extra`. */
export function allowedHostNames(boundHost, extra = []) {
  return new Set([...LOOPBACK_NAMES, boundHost, ...extra].map((h) => h.toLowerCase()));
}

/**
 * The URL of a request's target, resolved against `base`; null when the target is not a
 * path on this server: `*`, an absolute URL, or one the URL parser reads as another host
 * (`//x`, `/\x`) or rejects (`//[`).
 */
export function requestTarget(target, base = "http://localhost") {
  if (!target.startsWith("/")) return null;
  try {
    const url = new URL(target, base);
    return url.origin === new URL(base).origin ? url : null;
  } catch {
    return null;
  }
}

/** Splits a Host header into its lower-case name and port; null if malformed. */
function parseHost(value) {
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i.exec(value ?? "");
  return m ? { name: m[1].toLowerCase(), port: m[2] ?? "80" } : null;
}

/**
 * Why `req`'s Host is refused, as `{ status, code, message }`, or null when it names this
 * server: an allowed name, on the port the server listens on. A missing, repeated or
 * malformed Host is a 400; a foreign one (a DNS-rebinding page, a proxy sending its own
 * name) a 403.
 */
export function hostProblem(req, allowed, port) {
  const hosts = req.rawHeaders.filter((name, i) => i % 2 === 0 && name.toLowerCase() === "host").length;
  const host = parseHost(req.headers.host);
  if (hosts !== 1 || !host) {
    return { status: 400, code: "bad_host", message: `the request needs one well-formed Host header, not ${hosts > 1 ? `${hosts}` : JSON.stringify(req.headers.host ?? "")}` };
  }
  const forbidden = (message) => ({ status: 403, code: "forbidden_host", message });
  if (!allowed.has(host.name)) return forbidden(`the Host ${JSON.stringify(host.name)} is not this server's; allow it with allowedHosts if it should be`);
  if (host.port !== String(port)) return forbidden(`the Host port ${host.port} is not this server's port ${port}`);
  return null;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Why a request is refused as possibly cross-site, or null. A browser marks what another
 * site's page sends (`Sec-Fetch-Site: cross-site`, or `same-site` for another port of this
 * host): refused whatever the method, since even a read makes the server call the vendors
 * with the operator's credentials. Requests without the header (curl, scripts) go on.
 *
 * GET, HEAD and OPTIONS then pass. Anything else must come from this server's own origin:
 * `Origin` equal to `http://<Host>`, or, where a browser sent no Origin,
 * `Sec-Fetch-Site: same-origin`. A POST, and any request with a body, also needs a JSON
 * body type: a page can send a form or text/plain POST to any address without a preflight,
 * but never a DELETE, so a DELETE without a body needs no type. `allowNoOrigin` lets
 * non-browser clients (a test, curl, the demo job) that send neither header through, for
 * servers whose callers are programs.
 */
export function crossSiteProblem(method, headers, { allowNoOrigin = false } = {}) {
  const fetchSite = headers["sec-fetch-site"];
  if (fetchSite === "cross-site" || fetchSite === "same-site") return `a ${method} request from a ${fetchSite} page is refused`;
  if (SAFE_METHODS.has(method)) return null;
  const type = (headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  const hasBody = Number(headers["content-length"] ?? 0) > 0 || headers["transfer-encoding"] !== undefined;
  if ((method === "POST" || hasBody) && type !== "application/json") {
    return `a ${method} request${hasBody ? " with a body" : ""} needs Content-Type: application/json, not ${JSON.stringify(headers["content-type"] ?? "")}`;
  }
  if (fetchSite !== undefined && fetchSite !== "same-origin" && fetchSite !== "none") return `a ${method} request from a ${fetchSite} page is refused`;
  const origin = headers.origin;
  if (origin !== undefined) {
    if (origin !== `http://${headers.host}` && origin !== `https://${headers.host}`) return `a ${method} request from the origin ${JSON.stringify(origin)} is refused`;
    return null;
  }
  if (fetchSite === "same-origin" || allowNoOrigin) return null;
  return `a ${method} request must carry this server's Origin`;
}

/**
 * The token cookie's name for a console on `port`. Cookies are not scoped by port, so an
 * unscoped name would reach (and be set by) anything else listening on this host.
 */
export const tokenCookieName = (port) => `quotakit_console_token_${port}`;
const digest = (text) => createHash("sha256").update(text).digest();

/**
 * The access token of a console exposed beyond loopback. `check` compares in constant time
 * (both sides hashed to 32 bytes first, so their lengths leak nothing either).
 */
export class TokenGate {
  #digest;
  /** `token`: the operator's own, or null for a fresh random one (read it from `.token`). */
  constructor(token = null) {
    this.token = token ?? randomBytes(24).toString("base64url");
    this.#digest = digest(this.token);
  }

  /** Whether `candidate` is the token. */
  check(candidate) {
    return typeof candidate === "string" && timingSafeEqual(digest(candidate), this.#digest);
  }

  /**
   * The token a request to the console on `port` carries: its cookie, or
   * `Authorization: Bearer …` for scripts.
   */
  presented(headers, port) {
    const bearer = /^Bearer (\S+)$/.exec(headers.authorization ?? "");
    if (bearer) return bearer[1];
    for (const part of (headers.cookie ?? "").split(";")) {
      const [name, ...value] = part.trim().split("=");
      if (name === tokenCookieName(port)) return value.join("=");
    }
    return null;
  }

  /** The Set-Cookie value that keeps the token after the first visit with `?token=`. */
  cookie(port) {
    return `${tokenCookieName(port)}=${this.token}; HttpOnly; SameSite=Strict; Path=/`;
  }
}
