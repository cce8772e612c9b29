/**
 * A second thread for layering the schema with ts-morph. It starts when a run starts and loads
 * ts-morph (and its own copy of TypeScript) on the other core while this thread loads
 * openapi-typescript and reads the spec. Formatting stays here: prettier's first passes in a fresh
 * thread run several times slower than in a warm one, which cancelled any gain from sharing it
 * (bench/ANALYSIS.md).
 *
 * Running from TypeScript sources (vitest, tsx), where a worker cannot load the module, layering
 * runs in this thread.
 */
import { Worker } from "node:worker_threads";
import type { Annotations } from "../config/annotations.js";
import type { ResolvedOperation } from "../model/operation-auth.js";

/** What layering reads of an operation (sent to the helper thread, so kept small). */
export type LayerOperation = Pick<ResolvedOperation, "path" | "method" | "access" | "headers" | "customers" | "facts">;

export function layerOperation({ path, method, access, headers, customers, facts }: ResolvedOperation): LayerOperation {
  return { path, method, access, headers: { ...headers }, customers, facts };
}

export interface EmitHelper {
  /** The schema module with the auth layer applied. */
  layer(schemaSource: string, annotations: Annotations, operations: LayerOperation[]): Promise<string>;
  close(): Promise<void>;
}

export type HelperRequest = {
  id: number;
  schemaSource: string;
  annotations: Annotations;
  operations: LayerOperation[];
};
export type HelperResponse = { id: number; text: string } | { id: number; error: { name: string; message: string } };

const workerUrl = new URL("./layer-worker.js", import.meta.url);

/** The helper thread when the compiled worker module is beside this one; otherwise in-thread steps. */
export function startEmitHelper(): EmitHelper {
  if (import.meta.url.endsWith(".ts")) return inThreadHelper();
  let worker: Worker;
  try {
    worker = new Worker(workerUrl);
  } catch {
    return inThreadHelper();
  }
  worker.unref();
  let nextId = 0;
  const pending = new Map<number, { resolve: (text: string) => void; reject: (error: Error) => void }>();
  const failAll = (error: Error) => {
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  worker.on("message", (response: HelperResponse) => {
    const waiting = pending.get(response.id);
    pending.delete(response.id);
    if (pending.size === 0) worker.unref();
    if (!waiting) return;
    if ("error" in response)
      waiting.reject(Object.assign(new Error(response.error.message), { name: response.error.name }));
    else waiting.resolve(response.text);
  });
  worker.on("error", failAll);
  worker.on("exit", (code) => failAll(new Error(`the emit helper thread stopped (exit code ${code})`)));
  const request = (message: Omit<HelperRequest, "id">) =>
    new Promise<string>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ ...message, id });
    });
  return {
    layer: (schemaSource, annotations, operations) => request({ schemaSource, annotations, operations }),
    close: async () => void (await worker.terminate()),
  };
}

function inThreadHelper(): EmitHelper {
  return {
    layer: async (schemaSource, annotations, operations) =>
      (await import("./layer-schema.js")).layerSchema(schemaSource, annotations, operations),
    close: async () => {},
  };
}
