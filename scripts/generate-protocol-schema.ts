/**
 * Writes the worker's JSON Schemas from the zod owner of the job protocol (server/contract/job-protocol.ts), and the
 * base-model catalogue (server/contract/base-models.ts) and the task, metric and backend names
 * (server/contract/task-names.ts) as the worker reads them.
 */
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { baseModels } from "../server/contract/base-models.ts";
import { workerSchemas } from "../server/contract/job-protocol.ts";
import { workerNames } from "../server/contract/task-names.ts";

const outDir = path.join(process.cwd(), "worker", "trex_worker", "schemas");
fs.mkdirSync(outDir, { recursive: true });
const write = (name: string, value: unknown) => {
  const file = path.join(outDir, name);
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
};
for (const [name, schema] of Object.entries(workerSchemas))
  write(`${name}.schema.json`, z.toJSONSchema(schema, { io: "input", target: "draft-2020-12" }));
write("base-models.json", baseModels);
write("names.json", workerNames);
