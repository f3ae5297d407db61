export * from './events.ts';
export * from './errors.ts';
export * from './names.ts';
export * from './fields.ts';
export * from './jobs.ts';
export * from './bigdata.ts';
export * from './chat.ts';
export * from './liveblog.ts';
