import { ExplorationList } from "@/components/explorations/exploration-list";

export default function HomePage() {
  return (
    <div className="mx-auto max-w-7xl p-6">
      <ExplorationList />
    </div>
  );
}
