/* global module */
/**
 * Layer and cycle rules, checked in lint (`npx depcruise --config .dependency-cruiser.cjs server app components`).
 * Calls go one way:   api (routers, HTTP handlers) · realtime (socket server) · cli  →  services (and auth)
 *                     services  →  repositories · agents · runners · domain · contract
 *                     orchestrator (the loop's schedule) → services, never repositories
 *                     agents take data and return data (no repositories, services or database handle)
 *                     runners know jobs and hosts, not the database
 *                     auth and security (tokens, principals, audit, rate limits) go through repositories
 *                     domain and contract are pure: they import only each other
 * Client code (app/*.tsx, components/) imports only pure modules at run time; types may come from anywhere.
 */
/** modules every layer may use: no I/O, no database */
const PURE = "^server/(domain|contract)/";
/** run-time imports: a layer may name another layer's data shapes (types), not call it */
const RUN_TIME = { dependencyTypesNot: ["type-only"] };

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      comment: "Two modules that import each other (directly or round a longer loop) cannot be read or moved apart.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-folder-cycles",
      comment: "Folders form a one-way graph: a folder that imports another is never imported back by it.",
      severity: "error",
      scope: "folder",
      from: { path: "^(server|app|components)/" },
      to: { circular: true },
    },
    {
      name: "domain-is-pure",
      comment: "server/domain does no I/O: it imports only other pure modules.",
      severity: "error",
      from: { path: "^server/domain/" },
      to: { path: "^server/", pathNot: PURE },
    },
    {
      name: "contract-is-pure",
      comment: "The contract is the vocabulary every layer shares: it imports nothing of the server but itself.",
      severity: "error",
      from: { path: "^server/contract/" },
      to: { path: "^server/", pathNot: "^server/contract/" },
    },
    {
      name: "repositories-are-the-bottom",
      comment: "Repositories read and write the database; they call nothing above them.",
      severity: "error",
      from: { path: "^server/repositories/" },
      to: {
        path: "^server/(api|services|orchestrator|agents|runners|realtime|auth|security|cli|datasets)/",
        pathNot: PURE,
      },
    },
    {
      name: "services-below-entry-points",
      comment: "Services are called by routers, the socket server, the CLI and the orchestrator, never the reverse.",
      severity: "error",
      from: { path: "^server/services/" },
      to: { path: "^server/(api|orchestrator|realtime|cli)/" },
    },
    {
      name: "entry-points-call-services",
      comment: "Routers, the socket server and the CLI go through services, not straight to a repository.",
      severity: "error",
      from: { path: "^server/(api|realtime|cli)/" },
      to: { path: "^server/repositories/", ...RUN_TIME },
    },
    {
      name: "orchestrator-calls-services",
      comment: "The orchestrator's loop is made of service calls; it does not read or write the database itself.",
      severity: "error",
      from: { path: "^server/orchestrator/" },
      to: { path: "^server/(repositories|api|cli)/", ...RUN_TIME },
    },
    {
      name: "agents-take-data-return-data",
      comment: "Agents are given data and return plans and reports; the services that call them persist the result.",
      severity: "error",
      from: { path: "^server/agents/" },
      to: { path: "^server/(repositories|services|orchestrator|api|realtime|cli|auth)/", ...RUN_TIME },
    },
    {
      name: "agents-and-runners-get-no-database",
      comment: "Not even the type of the database handle: an agent or a runner that holds one does I/O it should not.",
      severity: "error",
      from: { path: "^server/(agents|runners)/" },
      to: { path: "^server/db[.]ts$|^server/generated/" },
    },
    {
      name: "runners-know-no-database",
      comment:
        "A runner launches, polls and cancels jobs on a host; what it means for the database is a service's job.",
      severity: "error",
      from: { path: "^server/runners/" },
      to: { path: "^server/(repositories|services|orchestrator|api|agents|realtime|cli)/" },
    },
    {
      name: "auth-and-security-use-repositories",
      comment:
        "Tokens, principals, audit and rate limits read and write through server/repositories/; they hold the database handle only as a type. Exception: auth.ts and auth-handler.ts take the process's client (getDb) for better-auth's own Prisma adapter.",
      severity: "error",
      from: { path: "^server/(auth|security)/", pathNot: "^server/auth/auth(-handler)?[.]ts$" },
      to: { path: "^server/db[.]ts$", ...RUN_TIME },
    },
    {
      name: "database-only-in-repositories",
      comment: "Only repositories (and the process entry points that build the client) touch Prisma directly.",
      severity: "error",
      from: {
        path: "^server/",
        pathNot: "^server/(repositories|generated|testing)/|^server/(db|main|migrate)[.]ts$|[.]test[.]ts$",
      },
      to: { path: "^server/generated/" },
    },
    {
      name: "client-imports-pure-server-modules",
      comment:
        "Pages and components run in the browser: at run time they import only pure server modules (types are free).",
      severity: "error",
      from: { path: "^components/|^app/.*[.]tsx$" },
      to: {
        path: "^server/",
        // server components (pages) read through the routers in-process, as the request's reader
        pathNot: `${PURE}|^server/api/server-caller[.]ts$`,
        ...RUN_TIME,
      },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // tests and their fixtures may reach into any layer: they are not part of the layering
    exclude: { path: "^server/(generated|testing)/|node_modules|[.](test|spec|bench)[.]tsx?$|/testing/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};
