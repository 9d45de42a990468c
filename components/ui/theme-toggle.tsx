"use client";

import { useEffect, useState } from "react";
import { THEME_KEY } from "./theme-script";

export function ThemeToggle() {
  const [dark, setDark] = useState<boolean | null>(null);
  useEffect(() => setDark(document.documentElement.classList.contains("dark")), []);
  const toggle = () => {
    const next = !document.documentElement.classList.contains("dark");
    setDark(next);
    document.documentElement.classList.toggle("dark", next);
    localStorage.setItem(THEME_KEY, next ? "dark" : "light");
  };
  return (
    <button
      type="button"
      onClick={toggle}
      data-testid="theme-toggle"
      className="rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
      aria-label={dark ? "Switch to the light theme" : "Switch to the dark theme"}
    >
      {dark === null ? "Theme" : dark ? "☀ Light" : "☾ Dark"}
    </button>
  );
}
