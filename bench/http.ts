import { Agent, request } from 'node:http';

/**
 * The load generator's HTTP client: Node's own `http.request` over keep-alive sockets. `fetch` (undici) cost the
 * load generator about 1.1 ms of CPU per request here (bench/README.md, row H), and on two shared cores every
 * millisecond the generator spends is taken from the API and Temporal it measures; a carrier or a storefront sends
 * from its own machines. This client does the same HTTP/1.1 exchange for a fraction of that.
 */
const agent = new Agent({ keepAlive: true, maxSockets: 512 });

export interface HttpAnswer {
  status: number;
  text: string;
}

/**
 * One request. A kept-alive socket the server closed as idle just as we reused it fails with ECONNRESET before
 * the server saw the request; that one case is sent again on a new socket (Node's documented pattern, as fetch
 * does it). Every request the benchmarks send is idempotent anyway.
 */
export async function httpRequest(url: string, method: string, headers: Record<string, string>, body?: string): Promise<HttpAnswer> {
  try {
    return await exchange(url, method, headers, body);
  } catch (error) {
    if (!(error as { reusedSocket?: boolean }).reusedSocket || (error as NodeJS.ErrnoException).code !== 'ECONNRESET') throw error;
    return exchange(url, method, headers, body);
  }
}

function exchange(url: string, method: string, headers: Record<string, string>, body?: string): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const sent = request(url, { method, agent, headers: body === undefined ? headers : { ...headers, 'Content-Length': String(Buffer.byteLength(body)) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    sent.on('error', (error) => reject(Object.assign(error, { reusedSocket: sent.reusedSocket })));
    sent.end(body);
  });
}
