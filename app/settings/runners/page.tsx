import { RunnerSettings } from "@/components/runners/runner-settings";

export default function RunnersPage() {
  return (
    <div className="mx-auto max-w-6xl p-6">
      <RunnerSettings />
    </div>
  );
}
