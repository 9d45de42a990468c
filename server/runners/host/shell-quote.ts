/**
 * The one way a value reaches a remote shell: as a single-quoted POSIX word. Inside single quotes nothing
 * is special (`$`, backticks, `;`, `\`, newlines) except the quote itself, written as '\''.
 * Every path, name and argument the runners send over SSH goes through here.
 */
import { RunnerError } from "../errors.ts";

export function shellQuote(value: string): string {
  // a NUL byte cannot be passed in an argument at all; refuse it instead of truncating silently
  if (value.includes("\0")) throw new RunnerError("a value sent to the remote shell contains a NUL byte");
  if (/^[A-Za-z0-9_./:@%+,-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** argv -> one command line whose words are exactly argv on the remote side. */
export function shellCommand(argv: readonly string[]): string {
  if (argv.length === 0) throw new RunnerError("empty command");
  return argv.map(shellQuote).join(" ");
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `env K=V … argv` so variables travel as data too. */
export function withEnv(env: Readonly<Record<string, string>> | undefined, argv: readonly string[]): string[] {
  const entries = Object.entries(env ?? {});
  if (entries.length === 0) return [...argv];
  for (const [k] of entries)
    if (!ENV_NAME.test(k)) throw new RunnerError(`invalid environment variable name: ${JSON.stringify(k)}`);
  return ["env", ...entries.map(([k, v]) => `${k}=${v}`), ...argv];
}
