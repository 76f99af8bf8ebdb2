import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dashboard is served by the sandbox (or any static host) next to the API on one origin;
// `vite dev` proxies the API to DC_API_URL (default the sandbox's port) for the same effect.
export default defineConfig({
  plugins: [react()],
  build: { target: 'es2022', sourcemap: true, manifest: true },
  server: {
    proxy: {
      '/v1': process.env['DC_API_URL'] ?? 'http://127.0.0.1:8787',
    },
  },
});
