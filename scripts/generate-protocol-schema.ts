/** Writes the worker's JSON Schemas from the zod owner of the job protocol (server/runners/protocol.ts). */
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { jobResultSchema, jobSpecSchema, workerEventSchema } from "../server/runners/protocol.ts";

const outDir = path.join(process.cwd(), "worker", "trex_worker", "schemas");
fs.mkdirSync(outDir, { recursive: true });
const schemas = { job: jobSpecSchema, result: jobResultSchema, event: workerEventSchema };
for (const [name, schema] of Object.entries(schemas)) {
  const json = z.toJSONSchema(schema, { io: "input", target: "draft-2020-12" });
  const file = path.join(outDir, `${name}.schema.json`);
  fs.writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
