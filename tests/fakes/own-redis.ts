// A redis-server of the test's own on a random free port, to stop, freeze and restart without
// touching the shared Redis on 6379. Stopped by its pid, never by name.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';

export interface OwnRedis {
  port: number;
  url: string;
  /** Stops the server (SIGTERM) and waits until it has exited. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty (nothing is persisted). */
  restart(): Promise<void>;
  /** SIGSTOP: the server keeps its connections but answers nothing, like a frozen host. */
  freeze(): void;
  /** SIGCONT: it answers again, the waiting commands first. */
  thaw(): void;
}

function launch(port: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += String(chunk);
      if (output.includes('Ready to accept connections')) {
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`redis-server on ${port} exited (${code}): ${output.slice(-300)}`)));
    child.once('error', reject);
  });
}

async function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise((resolve) => child.once('exit', resolve));
}

/** Starts redis-server on a random port between 20000 and 60000, trying others when taken. */
export async function startOwnRedis(): Promise<OwnRedis> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 10; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 40_000);
    try {
      let child = await launch(port);
      return {
        port,
        url: `redis://127.0.0.1:${port}`,
        async stop() {
          child.kill('SIGCONT');
          child.kill('SIGTERM');
          await exited(child);
        },
        async restart() {
          await exited(child);
          child = await launch(port);
        },
        freeze: () => void child.kill('SIGSTOP'),
        thaw: () => void child.kill('SIGCONT'),
      };
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}
