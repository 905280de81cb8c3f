/**
 * The phone page: pairs with the register from the code in the link's fragment, then reads barcodes with the
 * camera (or takes them typed) and sends each to the register, keeping them while it cannot be reached.
 */
import './zod.ts';
import './style.css';
import { hasControlCharacters } from '../shared/text.ts';
import { phoneTokenSchema, type PhoneSession, type PhoneStatus } from '../shared/phone.ts';
import { CallFailed, pair, scanSender, status } from './api.ts';
import { listCameras, openCamera, type Camera } from './camera.ts';
import { createDecoder, type Decoder } from './decoder.ts';
import { allowSound, scanRefused, scanTaken } from './feedback.ts';
import { ScanQueue, type QueuedScan, type Sent } from '../shared/phone-queue.ts';
import { ReadFilter, registerCode } from '../shared/phone-reads.ts';
import { plural } from '../shared/words.ts';

const sessionKey = 'counter.phone.session';
/** How often the camera frame is decoded at most. */
const frameIntervalMs = 120;
const shownScans = 20;

const element = <T extends HTMLElement>(id: string): T => {
  const found = document.getElementById(id);
  if (!found) throw new Error(`The page has no #${id}`);
  return found as T;
};
const statusLine = element<HTMLParagraphElement>('status');
const waitingLine = element<HTMLParagraphElement>('waiting');
const startButton = element<HTMLButtonElement>('start');
const viewer = element<HTMLElement>('viewer');
const video = element<HTMLVideoElement>('video');
const cameraChoice = element<HTMLSelectElement>('camera');
const torchButton = element<HTMLButtonElement>('torch');
const readerLine = element<HTMLParagraphElement>('reader');
const typedForm = element<HTMLFormElement>('typed');
const typedInput = element<HTMLInputElement>('typed-code');
const scanList = element<HTMLOListElement>('scans');

const queue = new ScanQueue(localStorage, () => crypto.randomUUID());
let session: PhoneSession | null = loadSession();
let camera: Camera | null = null;
let retryTimer: ReturnType<typeof setTimeout> | null = null;

function loadSession(): PhoneSession | null {
  try {
    const stored = JSON.parse(localStorage.getItem(sessionKey) ?? 'null') as PhoneSession | null;
    return stored && phoneTokenSchema.safeParse(stored.token).success ? stored : null;
  } catch {
    return null;
  }
}

function saveSession(next: PhoneSession | null): void {
  session = next;
  if (next) localStorage.setItem(sessionKey, JSON.stringify(next));
  else localStorage.removeItem(sessionKey);
}

function say(text: string): void {
  statusLine.textContent = text;
}

function describeSession({ user, registerName, expiresAt }: PhoneStatus): string {
  const until = new Date(expiresAt).toLocaleString([], {
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
  return `Scanning for ${user.name} at ${registerName}, until ${until}.`;
}

function showWaiting(reason: string | null): void {
  const count = queue.pending().length;
  waitingLine.hidden = count === 0;
  const scans = plural(count, 'scan');
  waitingLine.textContent = reason ? `${reason} ${scans} kept, sent when it can.` : `${scans} being sent…`;
}

// ---- The list of scans ----

function listItem(scan: QueuedScan): HTMLLIElement {
  const existing = scanList.querySelector<HTMLLIElement>(`li[data-client-id="${scan.clientId}"]`);
  if (existing) return existing;
  const item = document.createElement('li');
  item.dataset['clientId'] = scan.clientId;
  item.dataset['testid'] = 'phone-scan';
  const code = document.createElement('div');
  code.className = 'code';
  // As printed under the bars: the AIM identifier is for the register.
  code.textContent = scan.code.replace(/^\][A-Za-z][0-9A-Za-z]/, '');
  const note = document.createElement('div');
  note.className = 'muted';
  item.append(code, note);
  scanList.prepend(item);
  while (scanList.children.length > shownScans) scanList.lastElementChild?.remove();
  return item;
}

function showScan(scan: QueuedScan, state: 'waiting' | 'added' | 'refused', note: string): void {
  const item = listItem(scan);
  item.dataset['state'] = state;
  item.lastElementChild!.textContent = note;
}

// ---- Sending ----

function onSent(scan: QueuedScan, sent: Sent): void {
  if (sent.kind === 'answered') {
    showScan(scan, sent.answer.accepted ? 'added' : 'refused', sent.answer.message);
    if (!sent.answer.accepted) scanRefused();
  } else if (sent.kind === 'refused') {
    showScan(scan, 'refused', sent.message);
    scanRefused();
  }
}

function sendWaiting(): void {
  if (!session) return;
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = null;
  showWaiting(null);
  queue
    .flush(scanSender(session.token), onSent)
    .then((stopped) => {
      if (stopped?.kind === 'unreachable') {
        showWaiting('The register cannot be reached right now.');
        retryTimer = setTimeout(sendWaiting, stopped.retryAfterMs);
      } else if (stopped?.kind === 'unpaired') {
        unpaired(stopped.message);
      } else {
        showWaiting(null);
        if (session) say(describeSession(session));
      }
    })
    .catch((error: unknown) => {
      console.error('Sending scans failed', error);
      retryTimer = setTimeout(sendWaiting, 3000);
    });
}

function take(code: string): void {
  const scan = queue.add(code, new Date());
  showScan(scan, 'waiting', 'Sending…');
  sendWaiting();
}

function unpaired(message: string): void {
  saveSession(null);
  stopCamera();
  startButton.hidden = true;
  typedForm.hidden = true;
  say(message);
  showWaiting('This phone is not paired any more.');
}

// ---- Camera ----

async function startCamera(deviceId: string | null): Promise<void> {
  stopCamera();
  camera = await openCamera(deviceId);
  video.srcObject = camera.stream;
  await video.play();
  viewer.hidden = false;
  torchButton.hidden = !camera.hasTorch;
  torchButton.setAttribute('aria-pressed', 'false');
  const cameras = await listCameras();
  cameraChoice.replaceChildren(
    ...cameras.map(({ deviceId: id, label }) => new Option(label, id, false, id === camera?.deviceId)),
  );
  cameraChoice.hidden = cameras.length < 2;
}

function stopCamera(): void {
  camera?.stop();
  camera = null;
  video.srcObject = null;
  viewer.hidden = true;
}

async function readFrames(decoder: Decoder): Promise<void> {
  const filter = new ReadFilter();
  readerLine.textContent =
    decoder.kind === 'native' ? 'Reading with the phone’s barcode reader.' : 'Reading with ZXing.';
  while (session) {
    const started = performance.now();
    const read = camera ? await decoder.decode(video).catch(() => null) : null;
    const taken = filter.next(read, performance.now());
    if (taken) {
      scanTaken();
      take(registerCode(taken));
    }
    await new Promise((next) =>
      setTimeout(next, Math.max(0, frameIntervalMs - (performance.now() - started))),
    );
  }
}

async function start(): Promise<void> {
  allowSound();
  startButton.hidden = true;
  say('Opening the camera…');
  try {
    const [decoder] = await Promise.all([createDecoder(), startCamera(null)]);
    if (session) say(describeSession(session));
    await readFrames(decoder);
  } catch (error) {
    stopCamera();
    startButton.hidden = false;
    say(
      error instanceof DOMException && error.name === 'NotAllowedError'
        ? 'The camera is not allowed: allow it for this page in the browser’s settings, or type the codes below.'
        : `The camera could not be opened (${error instanceof Error ? error.message : String(error)}): type the codes below.`,
    );
  }
}

// ---- Start-up ----

/** Trades the link's one-time code for this phone's token; returns why not when the register refused. */
async function pairWith(code: string): Promise<string | null> {
  // The code is used once: it leaves the address bar (and the history) now.
  history.replaceState(null, '', location.pathname);
  say('Pairing with the register…');
  try {
    saveSession(await pair(code));
    return null;
  } catch (error) {
    return error instanceof CallFailed ? error.message : 'Pairing failed: scan the QR code again.';
  }
}

async function open(): Promise<void> {
  const code = location.hash.slice(1);
  const refused = code ? await pairWith(code) : null;
  if (!session) {
    say(
      refused ??
        'Not paired: on the register, a manager opens Devices → Phones and shows a QR code; scan it with this phone.',
    );
    return;
  }
  try {
    saveSession({ ...session, ...(await status(session.token)) });
    say(describeSession(session));
  } catch (error) {
    if (error instanceof CallFailed && error.status === 401) return unpaired(error.message);
    // Out of reach for now: the phone can still scan, and sends when the register answers again.
    say(`${error instanceof Error ? error.message : String(error)} Scans are kept until it can.`);
  }
  startButton.hidden = false;
  typedForm.hidden = false;
  for (const scan of queue.pending()) showScan(scan, 'waiting', 'Waiting to be sent.');
  sendWaiting();
}

startButton.addEventListener('click', () => {
  start().catch((error: unknown) => console.error(error));
});
cameraChoice.addEventListener('change', () => {
  startCamera(cameraChoice.value).catch((error: unknown) =>
    say(`That camera could not be opened (${error instanceof Error ? error.message : String(error)}).`),
  );
});
torchButton.addEventListener('click', () => {
  const on = torchButton.getAttribute('aria-pressed') !== 'true';
  camera
    ?.setTorch(on)
    .then(() => torchButton.setAttribute('aria-pressed', String(on)))
    .catch(() => say('The light cannot be switched from this page.'));
});
typedForm.addEventListener('submit', (event) => {
  event.preventDefault();
  allowSound();
  const code = typedInput.value.trim();
  if (!code) return;
  if (hasControlCharacters(code)) {
    say('That code has a character no barcode holds: type it again.');
    return;
  }
  typedInput.value = '';
  take(code);
});
window.addEventListener('online', sendWaiting);

open().catch((error: unknown) => console.error(error));
