// A loopback HTTP server in its own process for the runtime benchmark: answers every request with a
// small JSON body, keep-alive on. Prints its origin, then serves until killed.
import { createServer } from "node:http";

const body = JSON.stringify({ status: "success", data: { id: 1, name: "bench" } });
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () =>
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) }).end(body),
  );
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (address && typeof address === "object") console.log(`http://127.0.0.1:${address.port}`);
});
