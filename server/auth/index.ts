/** Name of the cookie that carries the session token. */
export const SESSION_COOKIE = 'sy_session';

export { authenticate } from './authenticate.ts';
export { createUser, PASSWORD_MAX_LENGTH, UsernameTaken } from './create-user.ts';
export type { NewUser } from './create-user.ts';
export { hashPassword, verifyPassword } from './passwords.ts';
export type { SessionUser } from './session-user.ts';
export { createHashGate } from './hash-gate.ts';
export type { HashGate, HashGateOptions } from './hash-gate.ts';
export { createLoginThrottle } from './login-throttle.ts';
export type { LoginThrottle, LoginThrottleOptions } from './login-throttle.ts';
export { createSessionStore, sessionIdOf } from './sessions.ts';
export { requireStaff } from './require-staff.ts';
export { setStaff } from './set-staff.ts';
export type { NewSession, SessionStore, SessionStoreOptions } from './sessions.ts';
