import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../testing/test-database.ts';
import { gatePages } from './database-gate.ts';

/** A real connection attempt to `url`: resolves when PostgreSQL there answers `select 1`. */
async function ping(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.query('select 1');
  } finally {
    await client.end().catch(() => {});
  }
}

describe('gatePages: pages while PostgreSQL is down', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  const serve = async (databaseUrl: string) => {
    const pages = gatePages((_request, response) => void response.end('the page'), { ping: () => ping(databaseUrl) });
    server = createServer((request, response) => void pages(request, response));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  it('serves pages while PostgreSQL answers', async () => {
    const url = await serve(testDatabaseUrl());
    const response = await fetch(`${url}/liveblog`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('the page');
  });

  it('answers a page 503 with Retry-After and says what is down when PostgreSQL does not answer; static assets still pass', async () => {
    const url = await serve('postgresql://postgres@127.0.0.1:1/nothing');
    const page = await fetch(`${url}/liveblog`);
    expect(page.status).toBe(503);
    expect(page.headers.get('retry-after')).toBe('5');
    expect(await page.text()).toMatch(/PostgreSQL is not reachable/);
    expect((await fetch(`${url}/_next/static/chunks/app.js`)).status).toBe(200);
  });
});
