import nodemailer from 'nodemailer';

import { AppError, errorCodes } from '../kernel/errors';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends e-mail to citizens who gave an address with their consent. */
export interface EmailSender {
  send(message: EmailMessage): Promise<void>;
  close(): void;
}

export interface EmailSettings {
  /** `smtp://user:password@host:port` or `smtps://…` (SMTP_URL). */
  smtpUrl: string;
  /** The sender address shown to citizens (SMTP_FROM). */
  from: string;
  /** Bounds each connection, greeting and socket inactivity. */
  timeoutMs?: number;
}

/**
 * SMTP through nodemailer, one pooled transport. A refused or failed delivery is an `AppError`
 * with the operator code for e-mail, carrying the server's reply code but never the address: the
 * caller records the failure per asker and retries later.
 */
export function createEmailSender(settings: EmailSettings): EmailSender {
  const timeoutMs = settings.timeoutMs ?? 20_000;
  const transport = nodemailer.createTransport({
    url: settings.smtpUrl,
    pool: true,
    maxConnections: 2,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  return {
    async send(message) {
      try {
        await transport.sendMail({ from: settings.from, ...message });
      } catch (error) {
        const responseCode = (error as { responseCode?: unknown }).responseCode;
        throw new AppError(
          errorCodes.emailFailed,
          `e-mail not delivered${typeof responseCode === 'number' ? ` (SMTP ${String(responseCode)})` : ''}`,
          { cause: error },
        );
      }
    },
    close() {
      transport.close();
    },
  };
}
