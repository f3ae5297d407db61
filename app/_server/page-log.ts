import 'server-only';
import { logger } from '../../server/log/logger.ts';

/** The logger of server-rendered pages: their lines carry `module: "pages"`. */
export const pageLog = logger.child({ module: 'pages' });
