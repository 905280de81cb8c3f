/**
 * What a person scanning with the phone hears and feels: a short high beep and a tap for a scan taken, a low
 * double beep and a longer buzz for one the register refused. Web Audio, so no sound file is loaded; the audio
 * starts on the person's first tap (browsers allow sound only after one).
 */
let audio: AudioContext | null = null;

/** Call from a tap (Start scanning): sound is allowed from then on. */
export function allowSound(): void {
  try {
    audio ??= new AudioContext();
    audio.resume().catch(() => undefined);
  } catch {
    // No Web Audio: the vibration and the screen still tell.
  }
}

function tone(frequency: number, startAfter: number, seconds: number): void {
  if (!audio) return;
  const start = audio.currentTime + startAfter;
  const oscillator = audio.createOscillator();
  const volume = audio.createGain();
  oscillator.frequency.setValueAtTime(frequency, start);
  volume.gain.setValueAtTime(0.2, start);
  volume.gain.exponentialRampToValueAtTime(0.001, start + seconds);
  oscillator.connect(volume).connect(audio.destination);
  oscillator.start(start);
  oscillator.stop(start + seconds);
}

function vibrate(pattern: number | number[]): void {
  // Not every browser has it (Safari), and it may refuse before a tap: the beep is enough then.
  if ('vibrate' in navigator) navigator.vibrate(pattern);
}

export function scanTaken(): void {
  tone(1800, 0, 0.08);
  vibrate(60);
}

export function scanRefused(): void {
  tone(330, 0, 0.15);
  tone(330, 0.2, 0.15);
  vibrate([150, 80, 150]);
}
