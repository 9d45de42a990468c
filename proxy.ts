/** Pages need a session: without the session cookie, go to the sign-in page. The APIs check the session themselves. */
import { NextResponse, type NextRequest } from "next/server";

const SESSION_COOKIES = ["trex.session_token", "__Secure-trex.session_token"];

export function proxy(request: NextRequest) {
  if (SESSION_COOKIES.some((name) => request.cookies.has(name))) return NextResponse.next();
  const url = request.nextUrl.clone();
  url.pathname = "/sign-in";
  url.search = `?next=${encodeURIComponent(request.nextUrl.pathname + request.nextUrl.search)}`;
  return NextResponse.redirect(url);
}

export const config = {
  // everything except the APIs, the sign-in page and static assets
  matcher: ["/((?!api|sign-in|_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|jpg|ico|css|js|woff2?)$).*)"],
};
