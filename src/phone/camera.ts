/**
 * The phone's camera: the back camera by default, any other the phone has by choice, and its light (torch)
 * where the browser lets a page switch it (Chrome on Android; not Safari).
 */

/** MediaTrackCapabilities and constraints with the torch, which TypeScript's DOM types do not have yet. */
interface TorchCapabilities extends MediaTrackCapabilities {
  torch?: boolean;
}

export interface Camera {
  stream: MediaStream;
  /** The camera in use, for the camera choice. */
  deviceId: string | null;
  hasTorch: boolean;
  setTorch(on: boolean): Promise<void>;
  stop(): void;
}

/** Opens a camera: `deviceId`, or the one facing away from the person. */
export async function openCamera(deviceId: string | null): Promise<Camera> {
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: false,
    video: {
      ...(deviceId ? { deviceId: { exact: deviceId } } : { facingMode: { ideal: 'environment' } }),
      width: { ideal: 1280 },
      height: { ideal: 720 },
    },
  });
  const [track] = stream.getVideoTracks();
  const capabilities: TorchCapabilities = track?.getCapabilities?.() ?? {};
  return {
    stream,
    deviceId: track?.getSettings().deviceId ?? null,
    hasTorch: capabilities.torch === true,
    setTorch: async (on) => {
      await track?.applyConstraints({ advanced: [{ torch: on } as MediaTrackConstraintSet] });
    },
    stop: () => {
      for (const each of stream.getTracks()) each.stop();
    },
  };
}

/** The cameras to choose from; their names are known once the person allowed the camera. */
export async function listCameras(): Promise<{ deviceId: string; label: string }[]> {
  const devices = await navigator.mediaDevices.enumerateDevices();
  return devices
    .filter((device) => device.kind === 'videoinput')
    .map((device, index) => ({ deviceId: device.deviceId, label: device.label || `Camera ${index + 1}` }));
}
