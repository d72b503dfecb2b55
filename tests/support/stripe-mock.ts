import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { findOrBuildStripeMock } from '../../lib/stripe-mock';
import { freePort } from './ports';

/** Starts stripe-mock (found or built like the Temporal CLI) on a free local port; `stop` kills it. */
export async function startStripeMock(): Promise<{ baseUrl: string; stop: () => void }> {
  const binary = await findOrBuildStripeMock(() => undefined);
  if (!binary) throw new Error('stripe-mock is not available: run `npm run temporal:provision` (needs Go) or set STRIPE_MOCK_PATH');
  const port = await freePort();
  const child: ChildProcess = spawn(binary, ['-http-addr', `127.0.0.1:${port}`], { stdio: 'ignore' });
  const deadline = Date.now() + 20_000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => connect(port, '127.0.0.1').on('connect', function (this: import('node:net').Socket) { this.destroy(); resolve(true); }).on('error', () => resolve(false)));
    if (up) break;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`stripe-mock did not start on ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { baseUrl: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGKILL') };
}
