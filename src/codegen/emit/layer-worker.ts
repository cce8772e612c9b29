/**
 * The emit helper thread (helper-thread.ts): loads ts-morph as soon as it starts, beside the main
 * thread loading openapi-typescript, then layers the schema modules it is sent.
 */
import { parentPort } from "node:worker_threads";
import type { HelperRequest, HelperResponse } from "./helper-thread.js";
import { layerSchema } from "./layer-schema.js";

parentPort!.on("message", (request: HelperRequest) => {
  let response: HelperResponse;
  try {
    response = { id: request.id, text: layerSchema(request.schemaSource, request.annotations, request.operations) };
  } catch (error) {
    response = { id: request.id, error: { name: (error as Error).name, message: (error as Error).message } };
  }
  parentPort!.postMessage(response);
});
