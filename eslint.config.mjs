import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

/** the model methods of a Prisma client (db.user.findMany(...)) */
const PRISMA_MODEL_CALLS = [
  "findUnique",
  "findUniqueOrThrow",
  "findFirst",
  "findFirstOrThrow",
  "findMany",
  "create",
  "createMany",
  "createManyAndReturn",
  "update",
  "updateMany",
  "updateManyAndReturn",
  "upsert",
  "delete",
  "deleteMany",
  "count",
  "aggregate",
  "groupBy",
].join("|");

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
  {
    // Prisma is called in server/repositories only: everything else asks a repository (db.ts and migrate.ts set
    // the database up; tests and fixtures may seed it directly)
    files: ["server/**/*.ts"],
    ignores: ["server/repositories/**", "server/testing/**", "server/db.ts", "server/migrate.ts", "**/*.test.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: `CallExpression[callee.object.object.name=/^(db|tx|prisma)$/][callee.property.name=/^(${PRISMA_MODEL_CALLS})$/]`,
          message: "Database calls belong in server/repositories/: call (or add) a repository function.",
        },
        {
          selector: "MemberExpression[object.name=/^(db|tx|prisma)$/][property.name=/^[$](queryRaw|executeRaw)/]",
          message: "Raw SQL belongs in server/repositories/: call (or add) a repository function.",
        },
      ],
    },
  },
);
