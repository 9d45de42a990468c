import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

export default tseslint.config(
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      "server/generated/**",
      "data/**",
      "worker/**",
      "test-results/**",
      "playwright-report/**",
      "bench/out/**",
      "next-env.d.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-non-null-assertion": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // client code imports server code only as types, except pure domain modules (zod schemas, policies)
      "no-restricted-imports": "off",
    },
  },
  {
    files: ["components/**/*.{ts,tsx}", "app/**/*.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              // api/server-caller: server components (pages) call the routers in-process, as the request's reader
              regex: "^@/server/(?!domain/|contract/|api/root|api/server-caller)",
              message:
                "Client code may import only pure modules (server/domain, server/contract) and types from the server.",
            },
          ],
        },
      ],
    },
  },
);
