import { handleAuthRequest } from "@/server/auth/auth-handler.ts";

const handler = (req: Request) => handleAuthRequest(req);

export { handler as GET, handler as POST };
