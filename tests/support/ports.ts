import { createServer, type AddressInfo } from 'node:net';

/** A local port that was free a moment ago: nothing listens there (connections are refused) until someone binds it. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
