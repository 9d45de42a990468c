/** The theme is a class on <html>, chosen by the saved preference or the system's. */
export const THEME_KEY = "trex-theme";

/** Runs before the first paint (inline in <head>): no flash of the wrong theme. A constant, no user data. */
export const THEME_INIT_SCRIPT = `(function(){try{var s=localStorage.getItem("${THEME_KEY}");var d=s?s==="dark":window.matchMedia("(prefers-color-scheme: dark)").matches;document.documentElement.classList.toggle("dark",d);}catch(e){}})();`;
