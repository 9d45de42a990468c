import { ExplorationView } from "@/components/explorations/exploration-view";

export default async function ExplorationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ExplorationView id={id} />;
}
