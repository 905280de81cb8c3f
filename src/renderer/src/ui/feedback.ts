/** A short low beep a cashier notices without looking, made with Web Audio (no sound files to load). */
let audio: AudioContext | null = null;

export function beep(): void {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') audio.resume().catch(() => undefined);
    const start = audio.currentTime;
    const tone = audio.createOscillator();
    const volume = audio.createGain();
    tone.type = 'square';
    tone.frequency.setValueAtTime(330, start);
    volume.gain.setValueAtTime(0.12, start);
    volume.gain.exponentialRampToValueAtTime(0.001, start + 0.25);
    tone.connect(volume).connect(audio.destination);
    tone.start(start);
    tone.stop(start + 0.25);
  } catch {
    // No audio device (or no Web Audio at all): the red banner and the flash still tell the cashier.
  }
}
