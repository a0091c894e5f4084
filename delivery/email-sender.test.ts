import { errorCodes } from '../kernel/errors';
import { createEmailSender } from './email-sender';
import { startLoopbackSmtpServer } from '../test/support/smtp-server';

describe('e-mail to citizens over SMTP', () => {
  it('when an answer is sent, then the SMTP server receives it from the agency address, in UTF-8 Spanish', async () => {
    const smtp = await startLoopbackSmtpServer();
    const sender = createEmailSender({ smtpUrl: smtp.url, from: 'ANM <respuestas@anm.test>' });
    try {
      await sender.send({
        to: 'ciudadana@example.com',
        subject: 'Respuesta oficial a su pregunta ANM-7K2P-Q9XD',
        text: 'Su pregunta sobre el canon superficiario ya tiene respuesta.',
      });
    } finally {
      sender.close();
      await smtp.stop();
    }
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]).toMatchObject({
      from: 'respuestas@anm.test',
      to: ['ciudadana@example.com'],
    });
    expect(smtp.received[0]?.data).toMatch(
      /^Subject: Respuesta oficial a su pregunta ANM-7K2P-Q9XD/m,
    );
    expect(smtp.received[0]?.data).toMatch(/charset=utf-8/i);
  });

  it('when the server refuses the recipient, then the failure carries the operator code and the SMTP reply, not the address', async () => {
    const smtp = await startLoopbackSmtpServer();
    smtp.state.refuseWith = 550;
    const sender = createEmailSender({ smtpUrl: smtp.url, from: 'respuestas@anm.test' });
    try {
      const sent = sender.send({ to: 'nadie@example.com', subject: 'Prueba', text: 'Prueba' });
      await expect(sent).rejects.toMatchObject({ code: errorCodes.emailFailed });
      await expect(sent).rejects.toThrow(/SMTP 550/);
      await expect(sent).rejects.not.toThrow(/nadie@example\.com/);
    } finally {
      sender.close();
      await smtp.stop();
    }
    expect(smtp.received).toEqual([]);
  });

  it('when no server listens, then sending fails within its timeout instead of hanging', async () => {
    const smtp = await startLoopbackSmtpServer();
    await smtp.stop();
    const sender = createEmailSender({
      smtpUrl: smtp.url,
      from: 'respuestas@anm.test',
      timeoutMs: 2_000,
    });
    try {
      await expect(
        sender.send({ to: 'ciudadana@example.com', subject: 'Prueba', text: 'Prueba' }),
      ).rejects.toMatchObject({ code: errorCodes.emailFailed });
    } finally {
      sender.close();
    }
  });
});
