/**
 * CSRF protection for cookie-authenticated mutations: the browser's Origin (or Referer) must be this server's
 * own origin. Browsers send Origin on every POST (and Sec-Fetch-Site), so a request with neither comes from a
 * non-browser client (CLI, test harness); it is let through only when it carries no cookie. Bearer-token
 * requests do not ride on cookies and are exempt.
 */
export function isSameOriginRequest(headers: Headers, publicUrl?: string): boolean {
  const site = headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return false;
  const source = headers.get("origin") ?? refererOrigin(headers.get("referer"));
  // no Origin, Referer or Sec-Fetch-Site: not a browser (browsers send Origin on every POST); it may go on only
  // without a cookie, i.e. without credentials another site could make a browser send along
  if (source === null) return site !== null || !headers.get("cookie");
  if (source === "null") return false;
  let origin: URL;
  try {
    origin = new URL(source);
  } catch {
    return false;
  }
  if (publicUrl) return origin.origin === new URL(publicUrl).origin;
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  return host !== null && origin.host === host;
}

function refererOrigin(referer: string | null): string | null {
  if (!referer) return null;
  try {
    return new URL(referer).origin;
  } catch {
    return null;
  }
}

export function hasBearerToken(headers: Headers): boolean {
  return /^Bearer\s+\S+/i.test(headers.get("authorization") ?? "");
}
