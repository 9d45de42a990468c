/**
 * CSRF protection for cookie-authenticated mutations: the browser's Origin (or Referer) must be this server's
 * own origin. Browsers send Origin on every cross-origin POST (and Sec-Fetch-Site), so a request with neither
 * comes from a non-browser client (CLI, test harness), which no other site can drive. Bearer-token requests do
 * not ride on cookies and are exempt.
 */
export function isSameOriginRequest(headers: Headers, publicUrl?: string): boolean {
  const site = headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return false;
  const source = headers.get("origin") ?? refererOrigin(headers.get("referer"));
  if (source === null) return true;
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
