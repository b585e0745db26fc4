import type { NextConfig } from 'next';
import { securityHeaders } from './lib/securityHeaders';

// The content security policy (a nonce per response) and HSTS (TRUST_PROXY is read
// when the server runs, not at build) are sent by proxy.ts.
const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders() }];
  },
};

export default nextConfig;
