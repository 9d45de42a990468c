/**
 * Accounts with better-auth on our Prisma client: email + password (scrypt), sessions in httpOnly cookies
 * (Secure when served over https), sign-out. One instance per process, kept on globalThis like the Prisma client.
 */
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { databaseKind, getDb, type Db } from "../db.ts";
import { env } from "../env.ts";
import { CLIENT_IP_HEADER } from "../security/client-ip.ts";

const DEV_SECRET = "trex-development-secret-not-for-production-use";

function authSecret(): string {
  if (env.TREX_AUTH_SECRET) return env.TREX_AUTH_SECRET;
  if (env.NODE_ENV === "production")
    throw new Error("TREX_AUTH_SECRET is required in production (openssl rand -hex 32)");
  return DEV_SECRET;
}

export function createAuth(db: Db, databaseUrl: string = env.DATABASE_URL) {
  const baseURL = env.TREX_PUBLIC_URL ?? `http://localhost:${env.PORT}`;
  return betterAuth({
    appName: "TREX",
    baseURL,
    basePath: "/api/auth",
    secret: authSecret(),
    database: prismaAdapter(db, { provider: databaseKind(databaseUrl) === "postgres" ? "postgresql" : "sqlite" }),
    emailAndPassword: { enabled: true, minPasswordLength: 10, maxPasswordLength: 200 },
    user: { additionalFields: { isAdmin: { type: "boolean", defaultValue: false, input: false } } },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    // the request's own origin is trusted (same-origin), plus the configured public URL
    trustedOrigins: (request) => {
      const host = request?.headers.get("host");
      const own = host ? [`http://${host}`, `https://${host}`] : [];
      return env.TREX_PUBLIC_URL ? [env.TREX_PUBLIC_URL, ...own] : own;
    },
    // our own limits, in the database and per account too (server/auth/sign-in-limits.ts)
    rateLimit: { enabled: false },
    advanced: {
      cookiePrefix: "trex",
      useSecureCookies: baseURL.startsWith("https://"),
      // the address server/main.ts resolved (X-Forwarded-For only from TREX_TRUSTED_PROXIES), for sessions
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
    },
    telemetry: { enabled: false },
  });
}

export type Auth = ReturnType<typeof createAuth>;

const globalForAuth = globalThis as unknown as { __trexAuth?: Auth };

export function getAuth(): Auth {
  globalForAuth.__trexAuth ??= createAuth(getDb());
  return globalForAuth.__trexAuth;
}
