import { parseArgs } from 'node:util';
import { commands } from './commands.ts';
import { printProblem } from './print.ts';
import { identifyProcess } from '../server/log/logger.ts';

const USAGE = `usage: switchyard <command> [args]

  serve [--no-pages]                        run an interface server (pages + Socket.IO on PORT)
  worker <channel...> | --all               run a worker pool serving the named channels
  send <reply-channel> <event> <json>       send an event to one client's reply channel
  group-send <group> <event> <json>         send an event to every client in a group
  check                                     check that Redis and PostgreSQL answer (one line on how to start what does not)
  migrate                                   create the database if missing and apply migrations
  createuser <username> [--staff]           create a user; password from SWITCHYARD_PASSWORD or stdin
  createadmin <username>                    create a staff user (may use /admin); password as for createuser
  setstaff <username> [--off]               make a user staff (or not, with --off); their open sockets reconnect with the new rights
  post <slug> <text>                        publish a liveblog post (readers get it through the outbox relay)
  liveblog create <slug> <title>            create a liveblog (live, no summary)
  liveblog edit <slug> [--title T] [--summary S] [--status live|ended]
                                            change a liveblog; its readers see it at once
  liveblog delete <slug>                    delete a liveblog and its posts; its readers are told
  relay                                     run an outbox relay on its own (interface servers run one too)

Configuration comes from the environment (DATABASE_URL, REDIS_URL, ...); see README.md.`;

const [name, ...rest] = process.argv.slice(2);
const command = name && Object.hasOwn(commands, name) ? commands[name] : undefined;
if (!command || name === 'help' || name === '--help') {
  printProblem(USAGE);
  process.exit(name === 'help' || name === '--help' ? 0 : 2);
}
const { values, positionals } = parseArgs({
  args: rest,
  allowPositionals: true,
  options: {
    staff: { type: 'boolean' },
    'no-pages': { type: 'boolean' },
    all: { type: 'boolean' },
    off: { type: 'boolean' },
    title: { type: 'string' },
    summary: { type: 'string' },
    status: { type: 'string' },
  },
});
identifyProcess('command');
try {
  await command(positionals, values);
} catch (error) {
  printProblem(`switchyard ${name}: ${(error as Error).message}`);
  process.exit(1);
}
