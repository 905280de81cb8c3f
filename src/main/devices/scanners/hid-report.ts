/**
 * HID POS scanned-data reports (usage page 0x8C, Barcode Scanner), as node-hid hands them over, report id first:
 *
 *   byte 0      report id 0x02 (scanned data)
 *   byte 1      how many data bytes this report carries
 *   bytes 2-4   AIM symbology identifier, e.g. "]E0" for EAN-13, "]C1" for GS1-128 (zeros if the scanner sends none)
 *   bytes 5-    the data, raw bytes (GS 0x1D separators included)
 *   last byte   bit 0 set: more reports follow for the same code (a 64-byte report holds at most ~56 data bytes)
 *
 * This is the layout Honeywell, Zebra and Datalogic scanners use in HID POS mode. Some count the AIM bytes in
 * the length byte; the zero padding that then follows the data is dropped, so both readings give the same code.
 * Pure, so it is tested with recorded reports (test/fixtures/hid).
 */
export const scannedDataReportId = 0x02;
/** HID POS usage page; a scanner in keyboard mode shows page 0x01 (Generic Desktop) instead. */
export const posScannerUsagePage = 0x8c;

const headerLength = 5;
const fullReportLength = 64;

export interface ScannedCode {
  /** "]E0"; null when the scanner sent no AIM identifier. */
  aim: string | null;
  /** The code's bytes as characters (Latin-1), separators included. */
  data: string;
}

export class HidPosDecoder {
  private parts: number[] = [];
  private aim: string | null = null;

  /** Feeds one input report; returns the code when its last report has arrived, otherwise null. */
  push(report: Uint8Array): ScannedCode | null {
    if (report[0] !== scannedDataReportId || report.length < headerLength) return null;
    if (this.parts.length === 0) this.aim = readAim(report);
    const more = report.length >= fullReportLength && (report[report.length - 1]! & 0x01) === 1;
    const dataEnd = Math.min(
      headerLength + report[1]!,
      report.length >= fullReportLength ? report.length - 1 : report.length,
    );
    this.parts.push(...report.subarray(headerLength, Math.max(headerLength, dataEnd)));
    if (more) return null;
    while (this.parts.at(-1) === 0) this.parts.pop();
    const code = { aim: this.aim, data: String.fromCharCode(...this.parts) };
    this.parts = [];
    this.aim = null;
    return code.data.length > 0 ? code : null;
  }
}

function readAim(report: Uint8Array): string | null {
  const aim = String.fromCharCode(report[2]!, report[3]!, report[4]!);
  return /^\][A-Za-z][0-9A-Za-z]$/.test(aim) ? aim : null;
}
