// Bundles the client into dist/ next to the static files in public/.
// Entry points: the classroom app (index.html → app.js), the loopback test page (echo.html → echo.js) and the
// peer-to-peer latency baseline (baseline.html → baseline.js).
import { build } from 'esbuild';
import { cpSync, mkdirSync } from 'node:fs';

mkdirSync('dist', { recursive: true });
cpSync('public', 'dist', { recursive: true });
await build({
  entryPoints: { app: 'src/app/main.ts', echo: 'src/echo.ts', baseline: 'src/baseline.ts' },
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  sourcemap: true,
  minify: true, // a smaller bundle parses sooner: the page's load is the first step of every join
  // hls.js (the HLS player) is a chunk of its own, loaded only by pages that play HLS: WebRTC joins stay as quick.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  outdir: 'dist',
  logLevel: 'warning',
});
