import type { NextConfig } from 'next';

/**
 * Next.js runs inside Switchyard's interface server (server/main.ts), which
 * also serves Socket.IO, /healthz and /api/session on the same port.
 * Telemetry is turned off by NEXT_TELEMETRY_DISABLED=1 in our scripts (Next
 * reads it before this file).
 */
const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
};

export default nextConfig;
