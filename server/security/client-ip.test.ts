/** The client address behind proxies: X-Forwarded-For counts only as far as trusted proxies appended it. */
import { describe, expect, it } from "vitest";
import {
  addressBucketKey,
  CLIENT_IP_HEADER,
  parseTrustedProxies,
  resolveClientIp,
  stampClientIp,
} from "./client-ip.ts";

const none = parseTrustedProxies("");
const proxies = parseTrustedProxies("10.0.0.0/8, 192.168.1.7, fd00::/8");

describe("client address", () => {
  it("ignores X-Forwarded-For from a peer that is not a trusted proxy (a client spoofing its address)", () => {
    expect(resolveClientIp("203.0.113.9", "1.2.3.4", none)).toBe("203.0.113.9");
    expect(resolveClientIp("203.0.113.9", "1.2.3.4", proxies)).toBe("203.0.113.9");
    expect(resolveClientIp("::ffff:203.0.113.9", undefined, none)).toBe("203.0.113.9");
  });

  it("walks the chain from the right through trusted proxies only", () => {
    // the client prepended a fake entry; the trusted proxy appended the real one
    expect(resolveClientIp("10.1.2.3", "6.6.6.6, 198.51.100.4", proxies)).toBe("198.51.100.4");
    expect(resolveClientIp("10.1.2.3", "6.6.6.6, 198.51.100.4, 192.168.1.7", proxies)).toBe("198.51.100.4");
    expect(resolveClientIp("10.1.2.3", ["6.6.6.6", "198.51.100.4"], proxies)).toBe("198.51.100.4");
    expect(resolveClientIp("fd00::1", "2001:db8::5", proxies)).toBe("2001:db8::5");
    // every hop trusted: the leftmost is the client
    expect(resolveClientIp("10.1.2.3", "10.9.9.9", proxies)).toBe("10.9.9.9");
    // a garbled hop stops the walk at the last trusted address
    expect(resolveClientIp("10.1.2.3", "1.2.3.4, not-an-ip", proxies)).toBe("10.1.2.3");
    expect(resolveClientIp(undefined, "1.2.3.4", proxies)).toBeNull();
  });

  it("refuses a TREX_TRUSTED_PROXIES entry it cannot read, naming it", () => {
    expect(() => parseTrustedProxies("10.0.0.0/8, proxy.internal")).toThrow(/"proxy.internal" is not an IP address/);
    expect(() => parseTrustedProxies("10.0.0.0/33")).toThrow(/10.0.0.0\/33/);
  });

  it("stamps the resolved address over any client-sent header of that name", () => {
    const req = {
      headers: { [CLIENT_IP_HEADER]: "1.1.1.1", "x-forwarded-for": "2.2.2.2" },
      socket: { remoteAddress: "203.0.113.9" },
    };
    stampClientIp(req as never, none);
    expect(req.headers[CLIENT_IP_HEADER]).toBe("203.0.113.9");
  });

  it("keys IPv6 clients by their /64", () => {
    expect(addressBucketKey("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(addressBucketKey("2001:db8:1:2:ffff:1:2:3")).toBe("2001:db8:1:2::/64");
    expect(addressBucketKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressBucketKey("203.0.113.9")).toBe("203.0.113.9");
    expect(addressBucketKey(null)).toBe("unknown");
  });
});
