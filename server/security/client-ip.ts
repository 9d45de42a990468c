/**
 * The client's address, decided once where the request enters (server/main.ts) and read everywhere else.
 * `X-Forwarded-For` is anyone's to write: its entries count only when they were appended by a proxy listed in
 * TREX_TRUSTED_PROXIES. The chain (forwarded entries, then the TCP peer) is walked from the right; trusted hops
 * are skipped and the first untrusted address is the client. With no trusted proxies, the client is the peer.
 */
import type { IncomingMessage } from "node:http";
import { BlockList, isIP } from "node:net";
import { env } from "../env.ts";

/** set by the server on every request, replacing whatever the client sent; better-auth reads it too */
export const CLIENT_IP_HEADER = "x-trex-client-ip";

/** IPv4-mapped IPv6 (::ffff:10.0.0.1, as Node reports IPv4 peers on a dual-stack socket) reads as IPv4 */
function normalize(address: string): string | null {
  let a = address.trim();
  if (a.startsWith("[") && a.includes("]"))
    a = a.slice(1, a.indexOf("]")); // [v6]:port
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(":")); // v4:port
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  if (mapped?.[1]) a = mapped[1];
  return isIP(a) ? a.toLowerCase() : null;
}

/** `10.0.0.0/8, 192.168.1.7, fd00::/8`: addresses and CIDR ranges. Throws a sentence on a bad entry. */
export function parseTrustedProxies(list: string): BlockList {
  const trusted = new BlockList();
  for (const raw of list
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [address = "", bits] = raw.split("/");
    const ip = normalize(address);
    const family = ip ? (isIP(ip) === 6 ? "ipv6" : "ipv4") : null;
    const prefix = bits === undefined ? null : Number(bits);
    const maxPrefix = family === "ipv6" ? 128 : 32;
    if (!ip || !family || (prefix !== null && !(Number.isInteger(prefix) && prefix >= 0 && prefix <= maxPrefix))) {
      throw new Error(`TREX_TRUSTED_PROXIES: "${raw}" is not an IP address or a CIDR range (e.g. 10.0.0.0/8)`);
    }
    if (prefix === null) trusted.addAddress(ip, family);
    else trusted.addSubnet(ip, prefix, family);
  }
  return trusted;
}

function isTrusted(trusted: BlockList, ip: string): boolean {
  return trusted.check(ip, isIP(ip) === 6 ? "ipv6" : "ipv4");
}

/** The client's address from the TCP peer and the `X-Forwarded-For` value, or null when unknown. */
export function resolveClientIp(
  peer: string | undefined,
  forwardedFor: string | string[] | undefined,
  trusted: BlockList,
): string | null {
  let client = peer ? normalize(peer) : null;
  if (!client || !isTrusted(trusted, client)) return client;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .filter((h) => h.trim());
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalize(hops[i] ?? "");
    if (!hop) return client; // a garbled entry: what lies to its left cannot be trusted either
    client = hop;
    if (!isTrusted(trusted, hop)) return hop;
  }
  return client;
}

let configured: BlockList | undefined;
/** TREX_TRUSTED_PROXIES, parsed once; the server calls it on start so a bad entry stops it there */
export function trustedProxies(): BlockList {
  configured ??= parseTrustedProxies(env.TREX_TRUSTED_PROXIES);
  return configured;
}

/** The server's first step on every request: the resolved address replaces any client-sent header of that name. */
export function stampClientIp(
  req: Pick<IncomingMessage, "headers" | "socket">,
  trusted: BlockList = trustedProxies(),
): void {
  const ip = resolveClientIp(req.socket.remoteAddress, req.headers["x-forwarded-for"], trusted);
  // no address known (a closed socket): "unknown", which rate limits treat as one shared bucket
  req.headers[CLIENT_IP_HEADER] = ip ?? "unknown";
}

/** What stampClientIp decided for this request (null outside server/main.ts, e.g. a handler called in a test). */
export function clientIpOf(headers: Headers): string | null {
  const ip = headers.get(CLIENT_IP_HEADER);
  return ip && ip !== "unknown" ? ip : null;
}

/** Rate limits key IPv6 clients by their /64, since one host commonly holds a whole /64 to rotate through. */
export function addressBucketKey(ip: string | null): string {
  if (!ip) return "unknown";
  if (isIP(ip) !== 6) return ip;
  const [head = "", tail] = ip.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => (g || "0").replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}
