import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type NodemailerError } from 'nodemailer';

/** What a transport needs of a stored message. */
export interface OutgoingMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headerMessageId: string;
  /** Sent by a step's auto-send rather than by a person. */
  auto: boolean;
  orderNumber: number;
}

export interface Delivery {
  /** `sent`: an SMTP server accepted it; `written`: demo mode, an .eml file, nothing left the machine. */
  state: 'sent' | 'written';
  /** The server's reply, or the file written. */
  response: string;
  file?: string;
}

export interface MailTransport {
  kind: 'smtp' | 'eml';
  send(mail: OutgoingMail): Promise<Delivery>;
  close(): void;
}

function envelope(mail: OutgoingMail, from: string) {
  return {
    from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.headerMessageId,
    headers: {
      'X-Jalon-Order': String(mail.orderNumber),
      // RFC 3834: tells auto-responders not to answer an automatic message.
      ...(mail.auto ? { 'Auto-Submitted': 'auto-generated' } : {}),
    },
  };
}

/**
 * nodemailer's SMTP transport, one connection per message. Every wait on the
 * server is bounded by `timeoutMs` and a whole send by three times that, so a
 * send always ends well within the worker's lease.
 */
export function smtpTransport(url: string, from: string, timeoutMs: number): MailTransport {
  const transporter = nodemailer.createTransport({
    url,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
  });
  return {
    kind: 'smtp',
    async send(mail) {
      const info = await transporter.sendMail({ ...envelope(mail, from), signal: AbortSignal.timeout(3 * timeoutMs) });
      if (info.rejected?.length) {
        // Only one recipient per message, so a partial acceptance cannot happen; refuse to call it sent.
        throw Object.assign(new Error(`Recipient rejected: ${info.rejected.join(', ')}`), { permanent: true });
      }
      return { state: 'sent', response: info.response };
    },
    close: () => transporter.close(),
  };
}

/**
 * Demo mode (no SMTP_URL): each message becomes `<dir>/<date>-<id>.eml`,
 * written to a temporary name first so a reader never sees half a file.
 */
export function emlTransport(dir: string, from: string): MailTransport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    kind: 'eml',
    async send(mail) {
      const info = await composer.sendMail(envelope(mail, from));
      await mkdir(dir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${mail.id}.eml`;
      const file = join(dir, name);
      await writeFile(`${file}.tmp`, info.message as Buffer);
      await rename(`${file}.tmp`, file);
      return { state: 'written', response: `written to ${file}`, file };
    },
    close: () => composer.close(),
  };
}

export interface Failure {
  /** True when sending the same message again would fail the same way (SMTP 5xx, bad address, bad configuration). */
  permanent: boolean;
  /** The server's words when it answered, otherwise what went wrong. */
  reason: string;
}

const permanentCodes = new Set(['EENVELOPE', 'EMESSAGE', 'ECONFIG', 'EAUTH', 'ENOAUTH', 'EREQUIRETLS', 'EFILEACCESS', 'EURLACCESS']);

/**
 * Temporary: the server could not be reached or answered 4xx (and 503/421),
 * so the message waits and is tried again. Permanent: the server refused it
 * for good (5xx) or nothing we can do will change the outcome.
 */
export function classifyFailure(err: unknown): Failure {
  const e = (err ?? {}) as NodemailerError & { permanent?: boolean };
  const reason = (e.response ?? e.message ?? String(err)).trim().slice(0, 1000) || 'unknown error';
  if (typeof e.responseCode === 'number') {
    return { permanent: e.permanent ?? (e.responseCode >= 500 && e.responseCode !== 503), reason };
  }
  if (e.permanent === true) return { permanent: true, reason };
  return { permanent: e.code !== undefined && permanentCodes.has(e.code), reason };
}
