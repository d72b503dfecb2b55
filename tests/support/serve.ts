import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Harness } from './harness';

/**
 * The harness's API app on a real local port, served by @hono/node-server as production serves it (a browser opens
 * it; a test can send raw HTTP). Returns its base URL, its port and a stop function.
 */
export async function serveHarness(h: Pick<Harness, 'fetch'>): Promise<{ baseUrl: string; port: number; stop: () => Promise<void> }> {
  const server = await new Promise<ServerType>((resolve) => {
    const started: ServerType = serve({ fetch: h.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, port, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}
