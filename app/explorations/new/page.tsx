import { NewExplorationForm } from "@/components/explorations/new-exploration-form";

export default function NewExplorationPage() {
  return (
    <div className="mx-auto max-w-5xl p-6">
      <h1 className="text-xl font-semibold">New exploration</h1>
      <p className="mb-4 text-sm text-slate-500">
        Describe the goal; the Researcher plans experiments, the Executor runs them, and the tree grows as results come
        in.
      </p>
      <NewExplorationForm />
    </div>
  );
}
