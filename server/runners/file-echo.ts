/**
 * A command told to read a configured file may quote it in its errors (Slurm prints the offending line of a
 * bad slurm.conf, so SLURM_CONF=/etc/shadow would put hashes into a stored check message). Such lines are
 * left out: any output line holding a line of the file, or the key or value of one of its `key=value` lines.
 */
const MIN_FRAGMENT = 4;

function fragmentsOf(fileText: string): string[] {
  const out = new Set<string>();
  for (const raw of fileText.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.length < MIN_FRAGMENT) continue;
    out.add(line);
    const eq = line.indexOf("=");
    if (eq > 0)
      for (const part of [line.slice(0, eq).trim(), line.slice(eq + 1).trim()])
        if (part.length >= MIN_FRAGMENT) out.add(part);
  }
  return [...out];
}

export function withoutLinesOf(output: string, fileText: string, fileName: string): string {
  const fragments = fragmentsOf(fileText);
  const lines = output.split("\n");
  const kept = lines.filter((l) => !fragments.some((f) => l.includes(f)));
  const dropped = lines.length - kept.length;
  if (dropped === 0) return output;
  return [...kept, `(${dropped} line${dropped === 1 ? "" : "s"} quoting ${fileName} left out)`].join("\n");
}
