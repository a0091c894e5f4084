import type { AddressInfo } from 'node:net';

import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string | undefined;
  to: string[];
  data: string;
}

export interface LoopbackSmtpServer {
  url: string;
  received: ReceivedMail[];
  /** While set, every recipient is refused with this SMTP reply code (451: try later; 550: no). */
  state: { refuseWith: number | undefined };
  stop(): Promise<void>;
}

/** A real SMTP server on loopback that keeps what it receives, or refuses recipients on demand. */
export async function startLoopbackSmtpServer(): Promise<LoopbackSmtpServer> {
  const received: ReceivedMail[] = [];
  const state: LoopbackSmtpServer['state'] = { refuseWith: undefined };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (state.refuseWith === undefined) {
        callback();
        return;
      }
      const error = new Error('recipient refused') as Error & { responseCode: number };
      error.responseCode = state.refuseWith;
      callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          data: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${String(port)}`,
    received,
    state,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
