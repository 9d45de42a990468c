import { Spinner } from "@/components/ui/section";

export default function Loading() {
  return (
    <div className="p-6">
      <Spinner label="Loading the exploration…" />
    </div>
  );
}
