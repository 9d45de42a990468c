import { handleTrpcRequest } from "@/server/api/http-handler.ts";

export { handleTrpcRequest as GET, handleTrpcRequest as POST };
