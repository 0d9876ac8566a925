import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** The node:http plumbing under server.ts: binding, node's own error answers, closing. */

export interface ListenAddress {
  host: string;
  port: number;
}

/** Carried by every answer of every mock, so the harness can tell our mock from a real service. */
export const NONCE_HEADER = 'x-ecs-sim-nonce';
/** Slow or stalled clients are cut off after this; nothing legitimate takes that long here. */
const REQUEST_TIMEOUT_MS = 10_000;

export function listenOn(
  address: ListenAddress,
  onRequest: (req: IncomingMessage, res: ServerResponse) => void,
  nonce: string,
): Promise<Server> {
  const server = createServer(onRequest);
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.headersTimeout = REQUEST_TIMEOUT_MS;
  // node answers malformed and timed-out requests itself, without our headers; answer them here
  // instead so that even those answers carry the nonce.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    const line = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${line}\r\n${NONCE_HEADER}: ${nonce}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
  });
  return new Promise((resolve, reject) => {
    server.once('error', (err) => reject(new Error(`Failed to listen on ${address.host}:${address.port}: ${err.message}`, { cause: err })));
    server.listen(address.port, address.host, () => {
      // After binding, a server error (e.g. EMFILE on accept) must not crash the process.
      server.on('error', (err) => process.stderr.write(`ecs-sim mock: server ${address.host}:${address.port}: ${err.message}\n`));
      resolve(server);
    });
  });
}

export function boundAddress(server: Server): ListenAddress {
  const info = server.address() as AddressInfo;
  return { host: info.address, port: info.port };
}

/** Stops accepting, drops open connections (keep-alive is off, so none should be idle), waits for all. */
export async function closeServers(servers: Server[]): Promise<void> {
  await Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve, reject) => {
          server.close((err) => (err ? reject(err) : resolve()));
          server.closeAllConnections();
        }),
    ),
  );
}
