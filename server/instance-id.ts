import { randomBytes } from 'node:crypto';

/**
 * This process's name in logs and for clients: 8 random hex digits, new at
 * every start. It says nothing about the machine (no host name, address or
 * pid), so an interface server tells it to every client (`reply.assigned`'s
 * `server`) and a support request that quotes it leads to the process's log
 * lines (`instanceId`), where pid and host name are.
 */
export const INSTANCE_ID = randomBytes(4).toString('hex');
