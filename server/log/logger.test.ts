import { describe, expect, it } from 'vitest';
import { createLogger, identifyProcess } from './logger.ts';

/** A logger writing JSON lines into an array. */
function capture(level: 'info' | 'debug' = 'info') {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({ level, env: 'production' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { log, lines };
}

/**
 * The logger: "one JSON object per line with level, time, pid, hostname and
 * the process's role; child loggers add the fields of what they serve; lines
 * below LOG_LEVEL are not written; secrets and message bodies are replaced by
 * `[redacted]` wherever a careless call puts them".
 */
describe('logger', () => {
  it('writes JSON lines joined to their process and, through child loggers, their connection and event', () => {
    const { log, lines } = capture();
    identifyProcess('interface-server');
    log.child({ connection: 'c1', replyChannel: 'rc1', user: 'u1' }).child({ event: 'post.create' }).warn('refused');
    expect(lines).toEqual([
      expect.objectContaining({ level: 40, pid: process.pid, hostname: expect.any(String), role: 'interface-server', connection: 'c1', replyChannel: 'rc1', user: 'u1', event: 'post.create', msg: 'refused' }),
    ]);
    expect(typeof lines[0]?.time).toBe('number');
  });

  it('drops lines below its level', () => {
    const { log, lines } = capture('info');
    log.debug('not written');
    log.info('written');
    expect(lines.map((l) => l.msg)).toEqual(['written']);
  });

  it('redacts passwords, tokens, cookies and bodies at the top level and nested', () => {
    const { log, lines } = capture();
    log.error(
      {
        password: 'hunter2-top',
        token: 'tok-top',
        headers: { authorization: 'Bearer tok-header', cookie: 'sy_session=tok-cookie' },
        payload: { slug: 'x', body: 'secret body' },
        job: { data: { replyChannel: 'rc', input: 'secret input' } },
        message: { room: 'r', text: 'secret text' },
      },
      'careless',
    );
    const written = JSON.stringify(lines);
    for (const secret of ['hunter2-top', 'tok-top', 'tok-header', 'tok-cookie', 'secret body', 'secret input', 'secret text']) expect(written).not.toContain(secret);
    expect(lines[0]).toMatchObject({ password: '[redacted]', token: '[redacted]', headers: { authorization: '[redacted]', cookie: '[redacted]' }, payload: '[redacted]', message: { room: 'r', text: '[redacted]' } });
  });

  it('writes errors with their type, message and stack', () => {
    const { log, lines } = capture();
    log.error({ err: new TypeError('broken') }, 'failed');
    expect(lines[0]).toMatchObject({ msg: 'failed', err: { type: 'TypeError', message: 'broken', stack: expect.stringContaining('TypeError: broken') } });
  });
});
