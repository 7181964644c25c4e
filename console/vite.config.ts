import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Served by the HQ and store servers at / (ServeStaticModule); `npm run dev` proxies /api to a
// local HQ (CONSOLE_API, default http://127.0.0.1:3000).
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: { proxy: { '/api': process.env.CONSOLE_API ?? 'http://127.0.0.1:3000' } },
});
