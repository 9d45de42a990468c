/**
 * Dataset files on disk: $TREX_DATA_DIR/datasets/<id>/<split>.<jsonl|csv>, the bytes as uploaded. A dataset's
 * folder appears whole (written beside it, then renamed) or not at all.
 */
import { createHash, randomUUID } from "node:crypto";
import fsp from "node:fs/promises";
import path from "node:path";
import { SPLITS, type DatasetFormat, type Split } from "../domain/datasets/dataset-file.ts";

export interface StoredFile {
  split: Split;
  format: DatasetFormat;
  data: Buffer;
}

const ID = /^[A-Za-z0-9_-]{1,100}$/;

export class DatasetStore {
  constructor(private readonly root: string) {}

  private dirOf(id: string): string {
    if (!ID.test(id)) throw new Error(`invalid dataset id: ${JSON.stringify(id)}`);
    return path.join(this.root, id);
  }

  static fileName(f: Pick<StoredFile, "split" | "format">): string {
    return `${f.split}.${f.format}`;
  }

  /** sha256 over the files in split order: the same data gives the same digest */
  static digest(files: readonly StoredFile[]): string {
    const h = createHash("sha256");
    for (const f of [...files].sort((a, b) => SPLITS.indexOf(a.split) - SPLITS.indexOf(b.split))) {
      h.update(`${DatasetStore.fileName(f)}\0${f.data.length}\0`);
      h.update(f.data);
    }
    return h.digest("hex");
  }

  async write(id: string, files: readonly StoredFile[]): Promise<void> {
    const dir = this.dirOf(id);
    const staging = path.join(this.root, `.${id}.${randomUUID()}.tmp`);
    await fsp.mkdir(staging, { recursive: true });
    try {
      for (const f of files) await fsp.writeFile(path.join(staging, DatasetStore.fileName(f)), f.data, { mode: 0o640 });
      await fsp.rename(staging, dir);
    } catch (e) {
      await fsp.rm(staging, { recursive: true, force: true });
      throw e;
    }
  }

  async read(id: string): Promise<StoredFile[]> {
    const dir = this.dirOf(id);
    const out: StoredFile[] = [];
    for (const split of SPLITS) {
      for (const format of ["jsonl", "csv"] as const) {
        const data = await fsp
          .readFile(path.join(dir, DatasetStore.fileName({ split, format })))
          .catch((e: NodeJS.ErrnoException) => {
            if (e.code === "ENOENT") return null;
            throw e;
          });
        if (data) out.push({ split, format, data });
      }
    }
    return out;
  }

  async remove(id: string): Promise<void> {
    await fsp.rm(this.dirOf(id), { recursive: true, force: true });
  }
}
