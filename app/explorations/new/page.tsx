import { NewExplorationForm } from "@/components/explorations/new-exploration-form";

export default function NewExplorationPage() {
  return (
    <div className="mx-auto max-w-3xl p-6">
      <h1 className="mb-4 text-xl font-semibold">New exploration</h1>
      <NewExplorationForm />
    </div>
  );
}
