import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import "./globals.css";
import { AccountMenu } from "@/components/auth/account-menu";
import { TrpcProvider } from "@/components/providers/trpc-provider";
import { THEME_INIT_SCRIPT } from "@/components/ui/theme-script";
import { ThemeToggle } from "@/components/ui/theme-toggle";

export const metadata: Metadata = {
  title: "TREX — automated LLM fine-tuning",
  description: "Agent-driven tree-based exploration of fine-tuning experiments",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        {/* a constant script (no user data): sets the theme class before the first paint */}
        <script dangerouslySetInnerHTML={{ __html: THEME_INIT_SCRIPT }} />
      </head>
      <body className="min-h-screen antialiased">
        <TrpcProvider>
          <header className="sticky top-0 z-40 flex h-12 items-center gap-6 border-b border-slate-200 bg-white px-4 dark:border-slate-800 dark:bg-slate-900">
            <Link href="/" className="font-semibold tracking-tight">
              <span className="text-emerald-600">TREX</span> <span className="text-sm font-normal text-slate-500">fine-tuning explorer</span>
            </Link>
            <nav className="flex gap-4 text-sm">
              <Link href="/" className="hover:underline">Explorations</Link>
              <Link href="/explorations/new" className="hover:underline">New exploration</Link>
              <Link href="/leaderboard" className="hover:underline">Leaderboard</Link>
              <Link href="/settings/runners" className="hover:underline">Runners</Link>
            </nav>
            <div className="ml-auto flex items-center gap-4">
              <AccountMenu />
              <ThemeToggle />
            </div>
          </header>
          <main>{children}</main>
        </TrpcProvider>
      </body>
    </html>
  );
}
