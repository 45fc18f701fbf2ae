// The app's two icons, drawn in code: a 192×192 colour icon and a 32×32 white-on-transparent outline.
import { encodePng } from './png.ts';

export const ACCENT_COLOR = '#2E6B5E';
const ACCENT: Rgba = [0x2e, 0x6b, 0x5e, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const CLEAR: Rgba = [0, 0, 0, 0];
type Rgba = [number, number, number, number];

/**
 * The mark is three linked circles (a network of people), scaled to the icon. Teams asks for a
 * full-colour 192×192 icon (the mark in white on the accent colour, inside a safe margin) and a
 * 32×32 outline that is white on a transparent background only.
 */
export function colorIcon(): Buffer {
  return draw(192, ACCENT, WHITE, 0.2);
}

export function outlineIcon(): Buffer {
  return draw(32, CLEAR, WHITE, 0.06);
}

function draw(size: number, background: Rgba, ink: Rgba, margin: number): Buffer {
  const pixels = new Uint8Array(size * size * 4);
  const inner = size * (1 - 2 * margin);
  const offset = size * margin;
  // Node centres and radii in a unit square.
  const nodes = [
    { x: 0.5, y: 0.22, r: 0.16 },
    { x: 0.22, y: 0.74, r: 0.16 },
    { x: 0.78, y: 0.74, r: 0.16 },
  ];
  const stroke = Math.max(0.06, 1.5 / inner);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const x = (px + 0.5 - offset) / inner;
      const y = (py + 0.5 - offset) / inner;
      const onNode = nodes.some((n) => Math.abs(Math.hypot(x - n.x, y - n.y) - n.r) <= stroke / 2);
      const onLink = nodes.some((a, i) => {
        const b = nodes[(i + 1) % nodes.length]!;
        return distanceToSegment(x, y, a, b) <= stroke / 2 && Math.hypot(x - a.x, y - a.y) > a.r && Math.hypot(x - b.x, y - b.y) > b.r;
      });
      const colour = onNode || onLink ? ink : background;
      pixels.set(colour, (py * size + px) * 4);
    }
  }
  return encodePng(size, size, pixels);
}

function distanceToSegment(x: number, y: number, a: { x: number; y: number }, b: { x: number; y: number }): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const t = Math.max(0, Math.min(1, ((x - a.x) * dx + (y - a.y) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (a.x + t * dx), y - (a.y + t * dy));
}
