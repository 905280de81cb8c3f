/**
 * The low-stock digest (issue 17) on SQLite and PostgreSQL, to a local SMTP server (smtp-server) and a local
 * webhook: once per crossing. A SKU that goes low is sent; staying low it is not sent again; after it recovers
 * and drops again it is.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, dialects, startTestHeadOffice, type TestHeadOffice } from './helpers.ts';
import { givenHistory, putCatalog } from './replenishment-helpers.ts';

interface Mail {
  from: string;
  to: string[];
  text: string;
}

async function localSmtp(): Promise<{ url: string; mails: Mail[]; close(): Promise<void> }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          text: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function localWebhook(): Promise<{ url: string; posts: unknown[]; server: Server }> {
  const posts: unknown[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      posts.push(JSON.parse(body));
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/low-stock`, posts, server };
}

describe.each(dialects)('the low-stock digest on %s', (dialect) => {
  let ho: TestHeadOffice;
  let smtp: Awaited<ReturnType<typeof localSmtp>>;
  let webhook: Awaited<ReturnType<typeof localWebhook>>;

  const run = async () => {
    const reply = await ho.admin('POST', '/api/replenishment/digest/run');
    expect(reply.status).toBe(200);
    return reply.body as { sent: { sku: string }[]; to: string[] };
  };
  const skusPosted = () =>
    webhook.posts.map((post) => (post as { lines: { sku: string }[] }).lines.map((line) => line.sku));

  beforeAll(async () => {
    smtp = await localSmtp();
    webhook = await localWebhook();
    ho = await startTestHeadOffice(dialect);
    await createStore(ho.admin, 'A', 'Alpha');
    await putCatalog(ho.admin, [
      { sku: 'TEA', category: null },
      { sku: 'JAM', category: null },
    ]);
    await ho.admin('PUT', '/api/stores/A/reorder-levels', {
      skus: [
        { sku: 'TEA', reorderPoint: 5, desiredLevel: 20, safetyStock: 0 },
        { sku: 'JAM', reorderPoint: 5, desiredLevel: 20, safetyStock: 0 },
      ],
    });
    await givenHistory(ho.db, 'A', 'JAM', 50, []);
  });
  afterAll(async () => {
    await ho?.close();
    await ho?.database.cleanup();
    await smtp?.close();
    webhook?.server.close();
  });

  it('refuses a mail server without a sender and recipient', async () => {
    const reply = await ho.admin('PUT', '/api/replenishment/digest-settings', {
      webhookUrl: null,
      smtpUrl: smtp.url,
      mailFrom: null,
      mailTo: null,
    });
    expect(reply.status).toBe(400);
    expect(JSON.stringify(reply.body)).toContain('A mail server needs who the digest is from');
  });

  it('sends a SKU once when it goes low, by mail and to the webhook', async () => {
    const saved = await ho.admin('PUT', '/api/replenishment/digest-settings', {
      webhookUrl: webhook.url,
      smtpUrl: smtp.url,
      mailFrom: 'counter@shop.example',
      mailTo: 'buyer@shop.example',
    });
    expect(saved.status).toBe(200);
    await givenHistory(ho.db, 'A', 'TEA', 2, []);

    expect(await run()).toMatchObject({ sent: [{ sku: 'TEA' }], to: ['webhook', 'mail'] });
    expect(skusPosted()).toEqual([['TEA']]);
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]).toMatchObject({ from: 'counter@shop.example', to: ['buyer@shop.example'] });
    expect(smtp.mails[0]!.text).toContain('Low stock: 1 SKU at or below the reorder point');
    expect(smtp.mails[0]!.text).toContain('TEA  Product TEA: 2 available, reorder point 5');
  });

  it('does not send it again while it stays low', async () => {
    await givenHistory(ho.db, 'A', 'TEA', 1, []);
    expect(await run()).toEqual({ sent: [], to: [] });
    expect(skusPosted()).toEqual([['TEA']]);
    expect(smtp.mails).toHaveLength(1);
  });

  it('sends it again once it recovered and dropped again', async () => {
    await givenHistory(ho.db, 'A', 'TEA', 30, []);
    expect(await run()).toEqual({ sent: [], to: [] });
    await givenHistory(ho.db, 'A', 'TEA', 4, []);
    expect(await run()).toMatchObject({ sent: [{ sku: 'TEA' }] });
    expect(skusPosted()).toEqual([['TEA'], ['TEA']]);
    expect(smtp.mails).toHaveLength(2);
  });

  it('keeps a crossing to send next time when the webhook fails', async () => {
    await ho.admin('PUT', '/api/replenishment/digest-settings', {
      webhookUrl: `${webhook.url.replace(/:\d+\//, ':1/')}`,
      smtpUrl: null,
      mailFrom: null,
      mailTo: null,
    });
    await givenHistory(ho.db, 'A', 'JAM', 0, []);
    const failed = await ho.admin('POST', '/api/replenishment/digest/run');
    expect(failed.status).toBeGreaterThanOrEqual(500);
    await ho.admin('PUT', '/api/replenishment/digest-settings', {
      webhookUrl: webhook.url,
      smtpUrl: null,
      mailFrom: null,
      mailTo: null,
    });
    expect(await run()).toMatchObject({ sent: [{ sku: 'JAM' }], to: ['webhook'] });
  });
});
