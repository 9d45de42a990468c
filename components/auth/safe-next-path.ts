/**
 * Where to go after signing in: only a path on this origin. The browser's own URL parser decides, so
 * `/\evil.example`, `//evil.example`, `/\t/evil.example` and `javascript:` all resolve off-site or to another
 * scheme and fall back to the home page.
 */
export function safeNextPath(next: string | null, origin: string): string {
  if (!next?.startsWith("/")) return "/";
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return "/";
  }
  if (url.origin !== new URL(origin).origin) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}
