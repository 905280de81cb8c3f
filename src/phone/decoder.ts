/**
 * Barcodes in a camera frame: the browser's own BarcodeDetector where it has one for these formats (Chrome on
 * Android, Safari), else ZXing compiled to WebAssembly, bundled with the page and served by the register (no
 * CDN: the page works on a store network without internet).
 */
import {
  prepareZXingModule,
  readBarcodes,
  type ReadInputBarcodeFormat,
  type ReadResult,
} from 'zxing-wasm/reader';
import zxingWasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import type { Read, ReadFormat } from '../shared/phone-reads.ts';

export interface Decoder {
  /** 'native' (BarcodeDetector) or 'zxing', for the page to say what reads. */
  readonly kind: 'native' | 'zxing';
  /** The first barcode in the video's current frame, or null. */
  decode(video: HTMLVideoElement): Promise<Read | null>;
}

/** BarcodeDetector's names, with the AIM identifier a scanner would send for each. */
const nativeFormats: Record<string, { format: ReadFormat; aim: string }> = {
  ean_13: { format: 'ean13', aim: ']E0' },
  ean_8: { format: 'ean8', aim: ']E4' },
  upc_a: { format: 'upca', aim: ']E0' },
  upc_e: { format: 'upce', aim: ']E0' },
  code_128: { format: 'code128', aim: ']C0' },
  qr_code: { format: 'qr', aim: ']Q1' },
};

const zxingFormats: Record<string, ReadFormat> = {
  EAN13: 'ean13',
  EAN8: 'ean8',
  UPCA: 'upca',
  UPCE: 'upce',
  Code128: 'code128',
  QRCode: 'qr',
};

/** The part of the BarcodeDetector API the page uses (not in TypeScript's DOM types yet). */
interface BarcodeDetectorApi {
  getSupportedFormats(): Promise<string[]>;
  new (options: { formats: string[] }): {
    detect(source: CanvasImageSource): Promise<{ rawValue: string; format: string }[]>;
  };
}

export async function createDecoder(): Promise<Decoder> {
  const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorApi }).BarcodeDetector;
  const supported = Detector ? await Detector.getSupportedFormats().catch(() => []) : [];
  const formats = Object.keys(nativeFormats).filter((format) => supported.includes(format));
  if (Detector && formats.includes('ean_13') && formats.includes('code_128')) {
    const detector = new Detector({ formats });
    return {
      kind: 'native',
      decode: async (video) => {
        const [found] = await detector.detect(video);
        const known = found && nativeFormats[found.format];
        if (!found || !known) return null;
        // GS1-128: a decoder that keeps FNC1 gives it as a leading GS.
        if (known.format === 'code128' && found.rawValue.startsWith('\u001d')) {
          return { format: 'code128', aim: ']C1', text: found.rawValue.slice(1) };
        }
        return { ...known, text: found.rawValue };
      },
    };
  }
  return zxingDecoder();
}

function zxingDecoder(): Decoder {
  prepareZXingModule({
    overrides: {
      locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? zxingWasmUrl : prefix + path),
    },
  });
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  const formats = Object.keys(zxingFormats) as ReadInputBarcodeFormat[];
  return {
    kind: 'zxing',
    decode: async (video) => {
      if (!context || video.readyState < video.HAVE_CURRENT_DATA || video.videoWidth === 0) return null;
      // Enough pixels for a barcode at arm's length, few enough to decode several frames a second.
      const scale = Math.min(1, 960 / video.videoWidth);
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      const results = await readBarcodes(context.getImageData(0, 0, canvas.width, canvas.height), {
        formats,
        tryHarder: true,
        maxNumberOfSymbols: 1,
        textMode: 'Plain',
      });
      return fromZxing(results.find((result) => result.isValid));
    },
  };
}

function fromZxing(result: ReadResult | undefined): Read | null {
  const format = result && zxingFormats[result.format];
  if (!result || !format) return null;
  return { format, text: result.text, aim: result.symbologyIdentifier };
}
