import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Received {
  /** The SMTP envelope's recipients. */
  rcptTo: string[];
  raw: Buffer;
  parsed: ParsedMail;
}

export interface TestSmtpOptions {
  /** Listen on this port (to start a server that was "down" on a known port); free one by default. */
  port?: number;
  /** An SMTP reply refusing the recipient, e.g. `{ code: 550, message: 'No such user' }`; null accepts it. */
  refuse?: (rcpt: string) => { code: number; message: string } | null;
}

export interface TestSmtp {
  port: number;
  url: string;
  received: Received[];
  /** RCPT TO commands seen, accepted or not: counts the attempts a refusing server got. */
  rcptAttempts: string[];
  /** Resolves once `count` messages were received; rejects after `timeoutMs` (a liveness bound, not a measure). */
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

/** A real SMTP server (smtp-server) on loopback, parsing what it receives with mailparser. */
export async function startSmtp(opts: TestSmtpOptions = {}): Promise<TestSmtp> {
  const received: Received[] = [];
  const rcptAttempts: string[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      rcptAttempts.push(address.address);
      const refusal = opts.refuse?.(address.address);
      if (refusal) return callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((parsed) => {
            received.push({ rcptTo: session.envelope.rcptTo.map((r) => r.address), raw, parsed });
            for (const w of waiters) w();
            callback();
          })
          .catch((err: Error) => callback(err));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;

  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    rcptAttempts,
    waitFor(count, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (received.length >= count) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(received);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${count} messages, received ${received.length}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Polls `probe` until it answers a truthy value; rejects after `timeoutMs` (a liveness bound, not a measure). */
export async function eventually<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
