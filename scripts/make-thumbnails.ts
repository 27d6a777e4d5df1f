/**
 * Draws the default template thumbnails into resources/thumbnails/: a two-colour gradient with a
 * light geometric pattern, 640x360, reduced to a small palette so each PNG stays small. Generated
 * with ffmpeg's lavfi (no third-party art). Run: `npx tsx scripts/make-thumbnails.ts`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_TEMPLATES, type DefaultTemplate } from '../src-main/core/templates/defaults';
import { resolveMediaTools } from '@core/tools/binaries';

const W = 640;
const H = 360;

/** Each pattern is a geq expression of X and Y that is 1 where the light shape is drawn. */
const PATTERNS: Record<DefaultTemplate['art']['pattern'], string> = {
  rings: `lt(mod(hypot(X-470,Y-150),46),8)`,
  stripes: `lt(mod(X+Y,64),14)`,
  grid: `gt(lt(mod(X,48),3)+lt(mod(Y,48),3),0)`,
  waves: `lt(abs(mod(Y+24*sin(X/40),40)-20),4)`,
  dots: `lt(hypot(mod(X,40)-20,mod(Y,40)-20),6)`,
  checks: `lt(mod(X,60),30)*lt(mod(Y,60),30)`,
  diamonds: `lt(abs(mod(X,56)-28)+abs(mod(Y,56)-28),9)`,
  bars: `lt(mod(X,48),26)*gt(Y,H-60-28*mod(floor(X/48)*5,8))`,
  arcs: `lt(mod(hypot(X,Y-H),60),10)`,
  zigzag: `lt(abs(mod(Y+abs(mod(X,60)-30),50)-25),5)`,
  plaid: `gt(lt(mod(X,80),16)+lt(mod(Y,80),16),0)`,
  rays: `lt(mod(atan2(Y-H,X-W*0.15)*180/PI,18),5)`,
};

function draw(ffmpeg: string, t: DefaultTemplate, out: string): void {
  const p = PATTERNS[t.art.pattern];
  // Lighten towards white where the pattern is drawn; a soft vignette keeps the corners calm.
  const mix = (c: string) => `min(255,${c}(X,Y)+(255-${c}(X,Y))*0.22*(${p}))`;
  const graph =
    `gradients=s=${W}x${H}:c0=${t.art.from}:c1=${t.art.to}:x0=0:y0=0:x1=${W}:y1=${H}:speed=0.00001:seed=7:d=1:r=1,` +
    `format=rgb24,geq=r='${mix('r')}':g='${mix('g')}':b='${mix('b')}',` +
    `split[a][b];[a]palettegen=max_colors=32:stats_mode=full[p];[b][p]paletteuse=dither=bayer:bayer_scale=4`;
  execFileSync(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', graph, '-frames:v', '1', '-update', '1', out], { stdio: ['ignore', 'ignore', 'inherit'] });
}

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(repo, 'resources', 'thumbnails');
fs.mkdirSync(dir, { recursive: true });
const { ffmpeg } = resolveMediaTools();
for (const t of DEFAULT_TEMPLATES) {
  const out = path.join(dir, `${t.thumbnail}.png`);
  draw(ffmpeg, t, out);
  console.log(`${path.relative(repo, out)}  ${(fs.statSync(out).size / 1024).toFixed(1)} KB`);
}
