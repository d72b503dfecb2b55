import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Harness } from './harness';

/** The harness's API app on a real local port, for a browser to open. Returns its base URL and a stop function. */
export async function serveHarness(h: Pick<Harness, 'request'>): Promise<{ baseUrl: string; stop: () => Promise<void> }> {
  const server = await new Promise<ServerType>((resolve) => {
    const started: ServerType = serve(
      {
        fetch: async (request: Request) => {
          const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
          return h.request(request.url, { method: request.method, headers: request.headers, body });
        },
        port: 0,
        hostname: '127.0.0.1',
      },
      () => resolve(started),
    );
  });
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}
