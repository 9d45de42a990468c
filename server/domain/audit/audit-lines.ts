/**
 * Pure: an audit event as a reader wants it: who (an e-mail, through which token), did what (a verb, not a
 * procedure path), to what ("node #3 of ‘Sentiment sweep’", not an id). Ids whose thing is gone stay as ids.
 */

const ACTIONS: Record<string, string> = {
  "node.approve": "approved",
  "node.prune": "pruned",
  "node.undoPrune": "undid the prune of",
  "node.retry": "retried",
  "node.edit": "edited",
  "node.addChild": "added a child under",
  "exploration.create": "started an exploration in",
  "exploration.pause": "paused",
  "exploration.resume": "resumed",
  "exploration.stop": "stopped",
  "exploration.approveAll": "approved every proposal of",
  "exploration.revealTestScores": "revealed the test scores of",
  "exploration.updateBudget": "changed the budget of",
  "ui.fork": "forked a new exploration from",
  "leaderboard.submit": "submitted to the leaderboard",
  "leaderboard.import": "imported a leaderboard entry into",
  "dataset.upload": "uploaded",
  "dataset.delete": "deleted",
  "account.setMember": "set a member's role in",
  "account.removeMember": "removed a member from",
  "account.createToken": "created",
  "account.revokeToken": "revoked",
  "account.createWorkspace": "created a workspace",
  "admin.bootstrap": "became the first administrator",
};

export function actionLabel(action: string): string {
  return ACTIONS[action] ?? action;
}

export interface AuditNames {
  users: ReadonlyMap<string, string>;
  tokens: ReadonlyMap<string, { name: string; prefix: string }>;
  explorations: ReadonlyMap<string, string>;
  nodes: ReadonlyMap<string, { ordinal: number; explorationId: string; explorationTitle: string }>;
  datasets: ReadonlyMap<string, string>;
  workspaces: ReadonlyMap<string, string>;
}

export interface AuditTarget {
  kind: string;
  id: string;
  label: string;
  /** where the thing is seen in the app, when it still exists and has a page */
  href: string | null;
}

/** What kind of thing the target is: recorded by the procedure ladder, or read from the action's prefix. */
export function targetKindOf(action: string, details: Record<string, unknown>): string | null {
  if (typeof details.kind === "string") return details.kind;
  const prefix = action.split(".")[0] ?? "";
  return ["dataset", "exploration", "node", "workspace"].includes(prefix) ? prefix : null;
}

const quoted = (s: string) => `‘${s}’`;

export function describeTarget(kind: string | null, id: string | null, names: AuditNames): AuditTarget | null {
  if (!id) return null;
  const gone = (what: string): AuditTarget => ({
    kind: what,
    id,
    label: `${what} ${id} (no longer exists)`,
    href: null,
  });
  switch (kind) {
    case "exploration": {
      const title = names.explorations.get(id);
      return title === undefined
        ? gone("exploration")
        : { kind, id, label: `exploration ${quoted(title)}`, href: `/explorations/${id}` };
    }
    case "node": {
      const node = names.nodes.get(id);
      return node === undefined
        ? gone("node")
        : {
            kind,
            id,
            label: `node #${node.ordinal} of ${quoted(node.explorationTitle)}`,
            href: `/explorations/${node.explorationId}`,
          };
    }
    case "dataset": {
      const name = names.datasets.get(id);
      return name === undefined ? gone("dataset") : { kind, id, label: `dataset ${quoted(name)}`, href: null };
    }
    case "workspace": {
      const name = names.workspaces.get(id);
      return name === undefined ? gone("workspace") : { kind, id, label: `workspace ${quoted(name)}`, href: null };
    }
    case "apiToken": {
      const token = names.tokens.get(id);
      return token === undefined
        ? gone("API token")
        : { kind, id, label: `API token ${quoted(token.name)} (${token.prefix}…)`, href: null };
    }
    default:
      return { kind: kind ?? "", id, label: id, href: null };
  }
}

/** The actor: their e-mail, and the token they acted through. */
export function describeActor(userId: string | null, tokenId: string | null, names: AuditNames): string {
  const who = userId ? (names.users.get(userId) ?? `user ${userId} (no longer exists)`) : "the system";
  const token = tokenId ? names.tokens.get(tokenId) : undefined;
  return tokenId ? `${who} via token ${token ? quoted(token.name) : tokenId}` : who;
}

/** Runs of the same actor doing the same thing to the same target collapse into one line with a count. */
export function groupRepeats<E extends { actor: string; action: string; target: AuditTarget | null; at: Date }>(
  events: readonly E[],
): (E & { count: number; firstAt: Date })[] {
  const out: (E & { count: number; firstAt: Date })[] = [];
  for (const e of events) {
    const last = out.at(-1);
    if (last && last.actor === e.actor && last.action === e.action && last.target?.id === e.target?.id) {
      last.count++;
      last.firstAt = e.at;
    } else out.push({ ...e, count: 1, firstAt: e.at });
  }
  return out;
}
