import { getDb } from "@/server/db.ts";

export async function GET() {
  await getDb().$queryRawUnsafe("SELECT 1");
  return Response.json({ ok: true });
}
