import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { cache } from "react";
import { ExplorationView } from "@/components/explorations/exploration-view";
import { callerFor, orNotFound } from "@/server/api/server-caller.ts";

type Props = { params: Promise<{ id: string }> };

/** One indexed row, read before anything renders: an unknown id is a real 404, not a spinner. */
const findExploration = cache(async (id: string) =>
  orNotFound((await callerFor(await headers())).exploration.title({ id })),
);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const found = await findExploration((await params).id);
  return { title: found ? `${found.title} — TREX` : "Exploration not found — TREX" };
}

export default async function ExplorationPage({ params }: Props) {
  const { id } = await params;
  if (!(await findExploration(id))) notFound();
  return <ExplorationView id={id} />;
}
