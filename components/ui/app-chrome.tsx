"use client";
/** The app's header and nav belong to signed-in pages: the sign-in page shows its form alone. */
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";

const BARE_PAGES = ["/sign-in"];

export function AppChrome({ children }: { children: ReactNode }) {
  const path = usePathname();
  return BARE_PAGES.includes(path) ? null : children;
}
