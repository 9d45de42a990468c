/** Wraps a CommandHost and counts the commands run through it (tests check one query per status poll). */
import type { CommandHost, ExecOptions, ExecResult } from "../runners/host/command-host.ts";

export class CountingHost implements CommandHost {
  readonly calls: string[][] = [];
  /** files written so far, in order */
  readonly writes: string[] = [];

  constructor(private readonly inner: CommandHost) {}

  get label(): string {
    return this.inner.label;
  }

  /** commands run so far whose argv contains `word` (all commands when omitted) */
  count(word?: string): number {
    return word === undefined ? this.calls.length : this.calls.filter((argv) => argv.includes(word)).length;
  }

  exec(argv: readonly string[], opts?: ExecOptions): Promise<ExecResult> {
    this.calls.push([...argv]);
    return this.inner.exec(argv, opts);
  }
  readFile(file: string, offset?: number, maxBytes?: number) {
    return this.inner.readFile(file, offset, maxBytes);
  }
  fileSize(file: string) {
    return this.inner.fileSize(file);
  }
  writeFile(file: string, data: string | Buffer, mode?: number) {
    this.writes.push(file);
    return this.inner.writeFile(file, data, mode);
  }
  mkdirp(dir: string) {
    return this.inner.mkdirp(dir);
  }
  removeTree(dir: string) {
    return this.inner.removeTree(dir);
  }
  resolvePath(p: string) {
    return this.inner.resolvePath(p);
  }
  close() {
    return this.inner.close();
  }
}
