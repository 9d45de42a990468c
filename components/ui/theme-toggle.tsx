"use client";

import { useEffect, useState } from "react";

export function ThemeToggle() {
  const [dark, setDark] = useState(false);
  useEffect(() => {
    const saved = localStorage.getItem("trex-theme");
    const initial = saved ? saved === "dark" : window.matchMedia("(prefers-color-scheme: dark)").matches;
    setDark(initial);
    document.documentElement.classList.toggle("dark", initial);
  }, []);
  const toggle = () => {
    const next = !dark;
    setDark(next);
    document.documentElement.classList.toggle("dark", next);
    localStorage.setItem("trex-theme", next ? "dark" : "light");
  };
  return (
    <button type="button" onClick={toggle} className="rounded border border-slate-300 px-2 py-1 text-xs dark:border-slate-700" aria-label="Toggle dark mode">
      {dark ? "Light" : "Dark"}
    </button>
  );
}
