import { randomInt } from 'node:crypto';
import type { CaptchaGenerator } from '../../domain/ciam/captcha-ports';

// No 0/O/o, 1/I/l/i or j: glyphs people confuse. Answers are compared without case, so mixed case only
// varies the picture.
const CHARACTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghkmnpqrstuvwxyz23456789';

type RenderSvg = (text: string, options: Record<string, unknown>) => string;

export type SvgCaptchaOptions = { readonly length?: number; readonly width?: number; readonly height?: number; readonly noise?: number };

/**
 * Draws CAPTCHAs with svg-captcha (text as SVG paths, so there is no text to read from the markup).
 * svg-captcha picks its own text with Math.random, whose state can be recovered from enough outputs;
 * the text is drawn here from the system CSPRNG instead and only the picture is left to the library.
 * The library is imported on first use: it parses its font file at load (about 80 KB), which no other
 * path should pay for. It reads that font from `node_modules/svg-captcha/fonts/Comismsh.ttf` next to
 * its own code, so a bundled function must ship svg-captcha unbundled (esbuild `external`) with its font.
 */
export class SvgCaptchaGenerator implements CaptchaGenerator {
  private render: Promise<RenderSvg> | undefined;
  private readonly length: number;

  constructor(private readonly options: SvgCaptchaOptions = {}) {
    this.length = options.length ?? 5;
  }

  async generate(): Promise<{ readonly text: string; readonly svg: string }> {
    this.render ??= import('svg-captcha').then((m) => {
      // The CommonJS export is the renderer itself, `(text, options) => svg`; its typings omit that call.
      const mod = m as unknown as { default: RenderSvg };
      return mod.default;
    });
    const render = await this.render;
    let text = '';
    for (let i = 0; i < this.length; i++) text += CHARACTERS[randomInt(0, CHARACTERS.length)];
    const svg = render(text, { width: this.options.width ?? 150, height: this.options.height ?? 50, noise: this.options.noise ?? 2 });
    return { text, svg };
  }
}
