import { LeaderboardView } from "@/components/leaderboard/leaderboard-view";

export default function LeaderboardPage() {
  return (
    <div className="mx-auto max-w-6xl p-6">
      <LeaderboardView />
    </div>
  );
}
