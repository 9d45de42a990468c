import { Suspense } from "react";
import { AuditLog } from "@/components/account/audit-log";

export default function AuditPage() {
  return (
    <div className="mx-auto max-w-5xl space-y-8 p-6">
      <Suspense>
        <AuditLog />
      </Suspense>
    </div>
  );
}
