import { z } from 'zod';

// The pages' Content-Security-Policy has no 'unsafe-eval' (server/http/security-headers.ts).
// Zod would probe for eval with `new Function` to compile faster object parsers: the throw
// is caught, but the browser still reports a CSP violation. In the browser, skip the probe.
// (On the server, where there is no CSP, zod keeps its faster parsers.)
if (typeof window !== 'undefined') z.config({ jitless: true });
