import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

export type NodeDetail = inferRouterOutputs<AppRouter>["node"]["detail"];
export type DetailNode = NodeDetail["node"];
