import type { NextConfig } from 'next';
import { securityHeaders } from './lib/securityHeaders';

const isDev = process.env.NODE_ENV === 'development';

// HSTS is sent by proxy.ts, which reads TRUST_PROXY when the server runs, not at build.
const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders(isDev) }];
  },
};

export default nextConfig;
