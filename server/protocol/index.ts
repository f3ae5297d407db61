export * from './events.ts';
export * from './errors.ts';
export * from './names.ts';
export * from './jobs.ts';
export * from './bigdata.ts';
export * from './chat.ts';
export * from './liveblog.ts';
