// Request guards shared by the admin console and the vendor sandbox's control routes.
//
// Both servers run on an operator's machine next to a browser that visits other sites, and
// both can change state: the console deducts a customer's paid uses, the sandbox resets and
// injects faults. A web page must not be able to drive them. The three attacks and the check
// that closes each:
//
// - **Cross-site requests.** Any page can send a "simple" POST (text/plain or form-encoded)
//   to 127.0.0.1 without a CORS preflight. `crossSiteProblem` accepts a state-changing
//   request only with `Content-Type: application/json` (which a page cannot send cross-site
//   without a preflight that nobody answers) and an `Origin` (or `Sec-Fetch-Site`) of the
//   server itself.
// - **DNS rebinding.** A page on attacker.example whose name later resolves to 127.0.0.1 is
//   same-origin with itself, so the checks above pass; its requests still carry
//   `Host: attacker.example`. `hostProblem` refuses every Host that is not the server's own,
//   before any route runs (Vite's and webpack-dev-server's `allowedHosts`).
// - **Exposure.** Bound to a non-loopback address, anybody on the network is a client:
//   `TokenGate` then asks for a random token printed once at start (Jupyter's model), kept in
//   an HttpOnly, SameSite=Strict cookie after the first visit.
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

/** Splits a Host header into its lower-case name and port; null if malformed. */
function parseHost(value) {
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i.exec(value ?? "");
  return m ? { name: m[1].toLowerCase(), port: m[2] ?? "80" } : null;
}

/**
 * Why a request's Host is refused (a DNS-rebinding page, a proxy sending a foreign name), or
 * null when it names this server: an allowed name, on the port the server listens on.
 */
export function hostProblem(headers, allowed, port) {
  const host = parseHost(headers.host);
  if (!host) return `the Host header ${JSON.stringify(headers.host ?? "")} is missing or malformed`;
  if (!allowed.has(host.name)) return `the Host ${JSON.stringify(host.name)} is not this server's; allow it with allowedHosts if it should be`;
  if (host.port !== String(port)) return `the Host port ${host.port} is not this server's port ${port}`;
  return null;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Why a state-changing request is refused as possibly cross-site, or null. GET, HEAD and
 * OPTIONS change nothing and pass. Anything else needs a JSON body type and must come from
 * this server's own origin: `Origin` equal to `http://<Host>`, or, where a browser sent no
 * Origin, `Sec-Fetch-Site: same-origin`. `allowNoOrigin` lets non-browser clients (a test,
 * curl, the demo job) that send neither header through, for servers whose callers are
 * programs; they still need the JSON type.
 */
export function crossSiteProblem(method, headers, { allowNoOrigin = false } = {}) {
  if (SAFE_METHODS.has(method)) return null;
  const type = (headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json") return `a ${method} request needs Content-Type: application/json, not ${JSON.stringify(headers["content-type"] ?? "")}`;
  const fetchSite = headers["sec-fetch-site"];
  if (fetchSite !== undefined && fetchSite !== "same-origin" && fetchSite !== "none") return `a ${method} request from a ${fetchSite} page is refused`;
  const origin = headers.origin;
  if (origin !== undefined) {
    if (origin !== `http://${headers.host}` && origin !== `https://${headers.host}`) return `a ${method} request from the origin ${JSON.stringify(origin)} is refused`;
    return null;
  }
  if (fetchSite === "same-origin" || allowNoOrigin) return null;
  return `a ${method} request must carry this server's Origin`;
}

const COOKIE = "quotakit_console_token";
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

  /** The token a request carries: the cookie, or `Authorization: Bearer …` for scripts. */
  presented(headers) {
    const bearer = /^Bearer (\S+)$/.exec(headers.authorization ?? "");
    if (bearer) return bearer[1];
    for (const part of (headers.cookie ?? "").split(";")) {
      const [name, ...value] = part.trim().split("=");
      if (name === COOKIE) return value.join("=");
    }
    return null;
  }

  /** The Set-Cookie value that keeps the token after the first visit with `?token=`. */
  cookie() {
    return `${COOKIE}=${this.token}; HttpOnly; SameSite=Strict; Path=/`;
  }
}
