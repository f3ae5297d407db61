/**
 * A command's own output, for the person or script that ran it — not
 * logging: a result line on stdout (`switchyard check` → "Redis and
 * PostgreSQL answer"), and a command's failure or its usage on stderr. Logs
 * (server/log/logger.ts) are the processes' diagnostics, in JSON in production.
 */
export function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Writes a command's failure message or usage to stderr, as it is (one line per problem, no stack trace). */
export function printProblem(text: string): void {
  process.stderr.write(`${text}\n`);
}
