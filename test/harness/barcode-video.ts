/**
 * A video of real barcodes for Chromium's fake camera (--use-file-for-fake-video-capture): each barcode is
 * encoded by bwip-js, drawn into RGB frames here, and the frames written as a Y4M file (YUV 4:2:0), the raw
 * format Chromium reads. Chromium plays the file in a loop.
 */
import { writeFileSync } from 'node:fs';
import bwipjs from 'bwip-js/node';

export interface Shot {
  /** bwip-js's name for the symbology: 'ean13', 'code128', 'qrcode'… ; null for an empty frame. */
  symbology: string | null;
  text?: string;
  seconds: number;
}

const width = 640;
const height = 480;
const framesPerSecond = 10;

/** Writes the shots one after the other into `file` (a .y4m). */
export function writeBarcodeVideo(file: string, shots: Shot[]): void {
  const frames: Buffer[] = [];
  for (const shot of shots) {
    const rgb = shot.symbology ? barcodeFrame(shot.symbology, shot.text ?? '') : blankFrame();
    const frame = Buffer.concat([Buffer.from('FRAME\n'), rgbToYuv420(rgb)]);
    for (let i = 0; i < shot.seconds * framesPerSecond; i++) frames.push(frame);
  }
  const header = `YUV4MPEG2 W${width} H${height} F${framesPerSecond}:1 Ip A1:1 C420jpeg\n`;
  writeFileSync(file, Buffer.concat([Buffer.from(header), ...frames]));
}

/** A light grey frame, like a shelf with nothing on it. */
function blankFrame(): Buffer {
  return Buffer.alloc(width * height * 3, 230);
}

/** The barcode black on white in the middle of a light grey frame, with a quiet zone around it. */
function barcodeFrame(symbology: string, text: string): Buffer {
  const rgb = blankFrame();
  const [encoded] = bwipjs.raw(symbology, text, '');
  if (!encoded) throw new Error(`bwip-js encoded nothing for ${symbology} ${text}`);
  // Linear symbols come as bar and space widths in modules (bar first), matrix symbols as a grid of modules.
  const rows =
    'sbs' in encoded
      ? [encoded.sbs.flatMap((modules, index) => Array<number>(modules).fill(index % 2 === 0 ? 1 : 0))]
      : Array.from({ length: encoded.pixy }, (_, y) =>
          encoded.pixs.slice(y * encoded.pixx, (y + 1) * encoded.pixx),
        );
  const columns = rows[0]!.length;
  const quiet = 10;
  const moduleWidth = Math.max(2, Math.floor((width - 80) / (columns + 2 * quiet)));
  const moduleHeight = rows.length === 1 ? 200 : moduleWidth;
  const left = Math.floor((width - (columns + 2 * quiet) * moduleWidth) / 2);
  const top = Math.floor((height - rows.length * moduleHeight) / 2) - quiet * moduleWidth;
  const paint = (x: number, y: number, value: number): void => {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    rgb.fill(value, (y * width + x) * 3, (y * width + x) * 3 + 3);
  };
  const boxWidth = (columns + 2 * quiet) * moduleWidth;
  const boxHeight = rows.length * moduleHeight + 2 * quiet * moduleWidth;
  for (let y = 0; y < boxHeight; y++) for (let x = 0; x < boxWidth; x++) paint(left + x, top + y, 255);
  rows.forEach((row, rowIndex) =>
    row.forEach((dark, column) => {
      if (!dark) return;
      for (let dy = 0; dy < moduleHeight; dy++) {
        for (let dx = 0; dx < moduleWidth; dx++) {
          paint(
            left + (quiet + column) * moduleWidth + dx,
            top + quiet * moduleWidth + rowIndex * moduleHeight + dy,
            20,
          );
        }
      }
    }),
  );
  return rgb;
}

/** RGB (8 bits each) to planar YUV 4:2:0, full range (JPEG / BT.601), as Y4M's C420jpeg says. */
function rgbToYuv420(rgb: Buffer): Buffer {
  const y = Buffer.alloc(width * height);
  const u = Buffer.alloc((width / 2) * (height / 2));
  const v = Buffer.alloc((width / 2) * (height / 2));
  const clamp = (value: number): number => Math.max(0, Math.min(255, Math.round(value)));
  for (let row = 0; row < height; row++) {
    for (let column = 0; column < width; column++) {
      const at = (row * width + column) * 3;
      const [r, g, b] = [rgb[at]!, rgb[at + 1]!, rgb[at + 2]!];
      y[row * width + column] = clamp(0.299 * r + 0.587 * g + 0.114 * b);
      if (row % 2 === 0 && column % 2 === 0) {
        const chroma = (row / 2) * (width / 2) + column / 2;
        u[chroma] = clamp(128 - 0.168736 * r - 0.331264 * g + 0.5 * b);
        v[chroma] = clamp(128 + 0.5 * r - 0.418688 * g - 0.081312 * b);
      }
    }
  }
  return Buffer.concat([y, u, v]);
}
