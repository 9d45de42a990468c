import { AccountSettings } from "@/components/account/account-settings";

export default function AccountPage() {
  return (
    <div className="mx-auto max-w-5xl space-y-8 p-6">
      <AccountSettings />
    </div>
  );
}
