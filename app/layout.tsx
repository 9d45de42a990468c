import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import "./globals.css";
import { AccountMenu } from "@/components/auth/account-menu";
import { TrpcProvider } from "@/components/providers/trpc-provider";
import { AppChrome } from "@/components/ui/app-chrome";
import { THEME_INIT_SCRIPT } from "@/components/ui/theme-script";
import { ThemeToggle } from "@/components/ui/theme-toggle";

export const metadata: Metadata = {
  title: "TREX — automated LLM fine-tuning",
  description: "Agent-driven tree-based exploration of fine-tuning experiments",
};

const NAV = [
  { href: "/", label: "Explorations" },
  { href: "/explorations/new", label: "New exploration" },
  { href: "/leaderboard", label: "Leaderboard" },
  { href: "/settings/runners", label: "Runners" },
];

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        {/* a constant script (no user data): sets the theme class before the first paint */}
        <script dangerouslySetInnerHTML={{ __html: THEME_INIT_SCRIPT }} />
      </head>
      <body className="min-h-screen antialiased">
        <TrpcProvider>
          <AppChrome>
            <header className="sticky top-0 z-40 flex h-12 items-center gap-3 border-b border-slate-200 bg-white px-3 md:gap-6 md:px-4 dark:border-slate-800 dark:bg-slate-900">
              <Link href="/" className="shrink-0 font-semibold tracking-tight">
                <span className="text-emerald-600">TREX</span>{" "}
                <span className="hidden text-sm font-normal text-slate-500 lg:inline">fine-tuning explorer</span>
              </Link>
              <nav className="hidden gap-4 text-sm md:flex" aria-label="Main">
                {NAV.map((l) => (
                  <Link key={l.href} href={l.href} className="hover:underline">
                    {l.label}
                  </Link>
                ))}
              </nav>
              {/* a phone: the same links behind a menu button, no script needed */}
              <details className="relative md:hidden" data-testid="nav-menu">
                <summary
                  className="cursor-pointer list-none whitespace-nowrap rounded border border-slate-300 px-2 py-1 text-sm dark:border-slate-700"
                  aria-label="Menu"
                >
                  ☰ Menu
                </summary>
                <nav
                  className="absolute left-0 z-50 mt-1 flex w-56 flex-col rounded border border-slate-200 bg-white py-1 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900"
                  aria-label="Main"
                >
                  {NAV.map((l) => (
                    <Link key={l.href} href={l.href} className="px-3 py-2 hover:bg-slate-100 dark:hover:bg-slate-800">
                      {l.label}
                    </Link>
                  ))}
                </nav>
              </details>
              <div className="ml-auto flex min-w-0 items-center gap-2 md:gap-4">
                <AccountMenu />
                <ThemeToggle />
              </div>
            </header>
          </AppChrome>
          <main>{children}</main>
        </TrpcProvider>
      </body>
    </html>
  );
}
